"""SigningKeyRepository on MongoDB: public JWK in clear, private key sealed by the KeyVault."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.auth.domain.signing_key import KeyPeriod
from services.auth.ports.signing_key_repository import SigningKey
from shared.store.indexes import IndexSpec

COLLECTION = "signing_keys"
# Service-wide keys, not tenant data.
INDEXES = [IndexSpec(COLLECTION, (("expires_at_ms", 1),), tenant_scoped=False)]


class MongoSigningKeyRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._keys = db[COLLECTION]

    async def live(self, *, now_ms: int) -> list[SigningKey]:
        docs = await self._keys.find({"expires_at_ms": {"$gt": now_ms}}).to_list()
        keys = [_key(doc) for doc in docs]
        return sorted(keys, key=lambda k: (k.period.sign_from_ms, k.kid))

    async def add(self, key: SigningKey) -> None:
        await self._keys.insert_one(
            {
                "_id": key.kid,
                "public_jwk": key.public_jwk,
                "sealed_private": key.sealed_private,
                "sign_from_ms": key.period.sign_from_ms,
                "sign_until_ms": key.period.sign_until_ms,
                "expires_at_ms": key.period.expires_at_ms,
            }
        )


def _key(doc: Mapping[str, Any]) -> SigningKey:
    period = KeyPeriod(
        sign_from_ms=int(doc["sign_from_ms"]),
        sign_until_ms=int(doc["sign_until_ms"]),
        expires_at_ms=int(doc["expires_at_ms"]),
    )
    return SigningKey(
        kid=str(doc["_id"]),
        public_jwk=dict(doc["public_jwk"]),
        sealed_private=bytes(doc["sealed_private"]),
        period=period,
    )
