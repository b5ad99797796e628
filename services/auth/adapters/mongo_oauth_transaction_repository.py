"""OAuthTransactionRepository on MongoDB: consumed by one atomic update, expired by TTL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from services.auth.domain.oauth_transaction import OAuthTransaction
from shared.store.indexes import IndexSpec
from shared.store.values import epoch_ms, utc

COLLECTION = "oauth_transactions"
INDEXES = [
    # Looked up by state hash alone: the callback learns the tenant from the transaction.
    IndexSpec(COLLECTION, (("state_hash", 1),), unique=True, tenant_scoped=False),
    IndexSpec(COLLECTION, (("created_at", 1),), ttl_s=24 * 3600),
]


class MongoOAuthTransactionRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._transactions = db[COLLECTION]

    async def add(self, transaction: OAuthTransaction) -> None:
        await self._transactions.insert_one(
            {
                "_id": transaction.state_hash,
                "state_hash": transaction.state_hash,
                "tenant_id": transaction.tenant_id,
                "user_id": transaction.user_id,
                "provider": transaction.provider,
                "code_verifier": transaction.code_verifier,
                "redirect_uri": transaction.redirect_uri,
                "browser_hash": transaction.browser_hash,
                "expires_at": transaction.expires_at,
                "expires_at_ms": epoch_ms(transaction.expires_at),
                "created_at": transaction.expires_at,
                "used": False,
            }
        )

    async def consume(self, *, state_hash: str, now: datetime) -> OAuthTransaction | None:
        doc = await self._transactions.find_one_and_update(
            {"_id": state_hash, "used": False},
            {"$set": {"used": True, "used_at_ms": epoch_ms(now)}},
            return_document=ReturnDocument.AFTER,
        )
        if doc is None:
            return None
        return OAuthTransaction(
            state_hash=doc["state_hash"],
            tenant_id=doc["tenant_id"],
            user_id=doc["user_id"],
            provider=doc["provider"],
            code_verifier=doc["code_verifier"],
            redirect_uri=doc["redirect_uri"],
            browser_hash=doc.get("browser_hash", ""),
            expires_at=utc(doc["expires_at"]) or now,
        )

    async def exists(self, *, state_hash: str) -> bool:
        return await self._transactions.find_one({"_id": state_hash}, {"_id": 1}) is not None
