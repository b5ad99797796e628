"""CredentialVerifier: Ed25519 access tokens checked against auth's JWKS; API keys over RPC."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from services.gateway.ports.credential_verifier import CredentialRejected, Principal
from shared.contracts.auth import (
    API_KEY_PREFIX,
    JWKS,
    VERIFY_API_KEY,
    JwksRequest,
    VerifyApiKeyRequest,
)
from shared.contracts.auth_views import ApiKeyIdentity, JwksReply
from shared.errors import Problem
from shared.messaging.rpc import RpcClient

log = logging.getLogger("gamontj.gateway.credentials")

ALGORITHM = "Ed25519"
TOKEN_TYPES = {"at+jwt", "application/at+jwt"}  # RFC 9068 allows either spelling
LEEWAY_S = 30
MAX_CACHED_API_KEYS = 10_000


class JwksCredentialVerifier:
    def __init__(
        self,
        rpc: RpcClient,
        *,
        issuer: str,
        audience: str,
        jwks_cache_s: float,
        jwks_refetch_min_s: float,
        api_key_cache_s: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rpc = rpc
        self._issuer = issuer
        self._audience = audience
        self._cache_s = jwks_cache_s
        self._refetch_min_s = jwks_refetch_min_s
        self._api_key_cache_s = api_key_cache_s
        self._monotonic = monotonic
        self._keys: dict[str, OKPKey] = {}
        self._fetched_at = float("-inf")
        self._attempted_at = float("-inf")
        self._lock = asyncio.Lock()
        self._api_keys: dict[str, tuple[float, Principal]] = {}

    async def verify(self, credential: str) -> Principal:
        if credential.startswith(API_KEY_PREFIX):
            return await self._api_key(credential)
        return await self._access_token(credential)

    async def _access_token(self, token: str) -> Principal:
        header = _header(token)
        # Checked before any key is touched: `none`, HS256 and friends never reach verification.
        if header.get("alg") != ALGORITHM:
            raise CredentialRejected("algorithm")
        if str(header.get("typ", "")).lower() not in TOKEN_TYPES:
            raise CredentialRejected("token type")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise CredentialRejected("kid")
        key = await self._key(kid)
        try:
            claims = jwt.decode(token, key, algorithms=[ALGORITHM]).claims
            self._registry().validate(claims)
        except (JoseError, ValueError, TypeError) as exc:
            raise CredentialRejected(type(exc).__name__) from None
        return _principal(claims)

    def _registry(self) -> jwt.JWTClaimsRegistry:
        return jwt.JWTClaimsRegistry(
            now=int(time.time()),
            leeway=LEEWAY_S,
            iss={"essential": True, "value": self._issuer},
            aud={"essential": True, "value": self._audience},
            sub={"essential": True},
            jti={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
        )

    async def _key(self, kid: str) -> OKPKey:
        now = self._monotonic()
        wanted = kid not in self._keys or now - self._fetched_at > self._cache_s
        # An unknown kid refetches, but not more often than the minimum interval: random kids
        # cannot turn the gateway into an amplifier against auth.
        if wanted and now - self._attempted_at >= self._refetch_min_s:
            await self._refresh(since=now)
        key = self._keys.get(kid)
        if key is None:
            raise CredentialRejected("unknown kid")
        return key

    async def _refresh(self, *, since: float) -> None:
        async with self._lock:
            if self._attempted_at >= since:
                return  # another request refreshed while we waited
            self._attempted_at = self._monotonic()
            try:
                reply = await self._rpc.call(JWKS, JwksRequest(), JwksReply)
            except Problem:
                if not self._keys:
                    raise
                log.warning("JWKS refresh failed; keeping the keys already known")
                return
            self._keys = _import_keys(reply.keys)
            self._fetched_at = self._monotonic()

    async def _api_key(self, credential: str) -> Principal:
        digest = hashlib.sha256(credential.encode()).hexdigest()
        now = self._monotonic()
        cached = self._api_keys.get(digest)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            found = await self._rpc.call(
                VERIFY_API_KEY, VerifyApiKeyRequest(key=credential), ApiKeyIdentity
            )
        except Problem as problem:
            if problem.status == 401:
                raise CredentialRejected("api key") from None
            raise
        principal = Principal(
            kind="api_key", subject=found.api_key_id, tenant_id=found.tenant_id, role=found.role
        )
        if len(self._api_keys) >= MAX_CACHED_API_KEYS:
            self._api_keys = {k: v for k, v in self._api_keys.items() if v[0] > now}
            if len(self._api_keys) >= MAX_CACHED_API_KEYS:
                self._api_keys.clear()
        self._api_keys[digest] = (now + self._api_key_cache_s, principal)
        return principal


def _header(token: str) -> dict[str, Any]:
    parts = token.split(".")
    if len(parts) != 3 or len(parts[0]) > 1024:
        raise CredentialRejected("not a compact JWS")
    try:
        raw = base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4))
        header = json.loads(raw)
    except (ValueError, TypeError):
        raise CredentialRejected("header") from None
    if not isinstance(header, dict):
        raise CredentialRejected("header")
    return header


def _import_keys(jwks: list[dict[str, Any]]) -> dict[str, OKPKey]:
    keys: dict[str, OKPKey] = {}
    for jwk in jwks:
        if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and "d" not in jwk:
            keys[str(jwk["kid"])] = OKPKey.import_key(jwk)
    return keys


def _principal(claims: dict[str, Any]) -> Principal:
    values = [claims.get(name, "") for name in ("sub", "tid", "role", "sid", "pv")]
    if not all(isinstance(value, str) for value in values) or not values[0]:
        raise CredentialRejected("claims")
    sub, tid, role, sid, pv = values
    return Principal(
        kind="user",
        subject=sub,
        tenant_id=tid or None,
        role=role or None,
        session_id=sid,
        privacy_version=pv,
    )
