"""Signing keys: rotated by kid, published ahead of use, kept until their tokens expired, sealed."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.auth.adapters.joserfc_token_signer import JoserfcTokenSigner
from services.auth.adapters.local_key_vault import LocalKeyFileVault
from services.auth.adapters.mongo_signing_key_repository import MongoSigningKeyRepository
from services.auth.domain.signing_key import KeySchedule
from services.auth.ports.key_vault import KeyUnwrapError
from services.gateway.adapters.jwks_credential_verifier import JwksCredentialVerifier
from shared.contracts import auth as c
from shared.contracts import auth_views as v
from tests.support.auth_fakes import FakeClock

pytestmark = pytest.mark.integration

SCHEDULE = KeySchedule(rotation_s=3600, lead_s=600, token_ttl_s=900)


class JwksFrom:
    """The gateway's view of auth: JWKS answered from the signer, as the RPC would."""

    def __init__(self, signer: JoserfcTokenSigner) -> None:
        self.signer = signer

    async def call(self, subject: str, request: Any, response_type: Any) -> Any:
        assert subject == c.JWKS
        return v.JwksReply(keys=await self.signer.jwks())


def claims() -> dict[str, Any]:
    now = int(time.time())
    fixed = {"iss": "i", "aud": "a", "sub": "usr_1", "tid": "wsp_1", "role": "owner", "sid": ""}
    return fixed | {"jti": str(now), "pv": "v", "iat": now, "exp": now + 600}


def kid_of(token: str) -> str:
    header = token.split(".")[0]
    return str(json.loads(base64.urlsafe_b64decode(header + "==="))["kid"])


async def test_keys_rotate_by_kid_and_old_tokens_verify_until_their_key_retires(
    db: AsyncDatabase[Any], tmp_path: Path
) -> None:
    clock = FakeClock(now_ms=int(time.time() * 1000))
    vault = LocalKeyFileVault.from_file(tmp_path / "master.key", create=True)
    signer = JoserfcTokenSigner(MongoSigningKeyRepository(db), vault, clock, SCHEDULE)
    gateway = JwksCredentialVerifier(
        JwksFrom(signer),  # type: ignore[arg-type]
        issuer="i",
        audience="a",
        jwks_cache_s=0,
        jwks_refetch_min_s=0,
        api_key_cache_s=0,
    )
    first = await signer.sign(claims())
    assert len(await signer.jwks()) == 1
    clock.advance(3600 - 600 + 1)  # inside the lead time: the next key is published, unused
    await signer.rotate()
    published = {k["kid"] for k in await signer.jwks()}
    assert len(published) == 2 and kid_of(await signer.sign(claims())) == kid_of(first)
    clock.advance(600)  # the next key's turn
    second = await signer.sign(claims())
    assert kid_of(second) != kid_of(first) and kid_of(second) in published
    for token in (first, second):
        assert (await gateway.verify(token)).subject == "usr_1"
    clock.advance(900 + 300 + 1)  # the first key's tokens have all expired: it leaves the JWKS
    assert kid_of(first) not in {k["kid"] for k in await signer.jwks()}


async def test_private_keys_are_stored_sealed_and_only_public_keys_are_published(
    db: AsyncDatabase[Any], tmp_path: Path
) -> None:
    vault = LocalKeyFileVault.from_file(tmp_path / "master.key", create=True)
    signer = JoserfcTokenSigner(MongoSigningKeyRepository(db), vault, FakeClock(), SCHEDULE)
    await signer.rotate()
    jwks = await signer.jwks()
    assert all("d" not in key for key in jwks)
    stored = await db.signing_keys.find_one({})
    assert stored is not None and len(stored["sealed_private"]) > 32
    other_vault = LocalKeyFileVault.from_file(tmp_path / "other.key", create=True)
    stranger = JoserfcTokenSigner(MongoSigningKeyRepository(db), other_vault, FakeClock(), SCHEDULE)
    with pytest.raises(KeyUnwrapError):
        await stranger.sign(claims())
