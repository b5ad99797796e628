"""The gateway refuses every access token that is not exactly ours (the JWT refusal list)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OKPKey

from services.auth.adapters.mongo_signing_key_repository import MongoSigningKeyRepository
from services.auth.domain.signing_key import KeyPeriod
from services.auth.ports.signing_key_repository import SigningKey
from tests.auth.helpers import Session, bearer, invite, register
from tests.auth.platform import Platform

pytestmark = pytest.mark.integration


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Minter:
    """A signing key the test publishes in auth's JWKS, so it can mint tokens of any shape."""

    def __init__(self, platform: Platform, session: Session) -> None:
        self.key = OKPKey.generate_key("Ed25519")
        self.kid = "test-" + self.key.thumbprint()[:16]
        self.settings = platform.settings
        self.session = session

    async def publish(self, platform: Platform) -> None:
        public = {**self.key.as_dict(private=False), "kid": self.kid, "alg": "Ed25519"}
        # Published but outside any signing period: auth itself never signs with it.
        far = int(time.time() * 1000) + 3_600_000
        period = KeyPeriod(sign_from_ms=0, sign_until_ms=1, expires_at_ms=far)
        key = SigningKey(kid=self.kid, public_jwk=public, sealed_private=b"", period=period)
        await MongoSigningKeyRepository(platform.db).add(key)

    def claims(self, **changes: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": self.settings.jwt_issuer,
            "aud": self.settings.jwt_audience,
            "sub": self.session.user_id,
            "tid": self.session.workspace_id,
            "role": "owner",
            "jti": f"jti-{now}",
            "sid": "",
            "pv": self.settings.privacy_policy_version,
            "iat": now,
            "exp": now + 600,
        }
        return {k: v for k, v in (claims | changes).items() if v is not None}

    def token(self, *, header: dict[str, Any] | None = None, **claims: Any) -> str:
        head = {"alg": "Ed25519", "typ": "at+jwt", "kid": self.kid} | (header or {})
        with warnings.catch_warnings():  # joserfc warns about EdDSA, which we want to send
            warnings.simplefilter("ignore")
            return jwt.encode(head, self.claims(**claims), self.key, algorithms=[head["alg"]])

    def unsigned(self, alg: str, sign: Callable[[bytes], bytes]) -> str:
        head = {"alg": alg, "typ": "at+jwt", "kid": self.kid}
        signing_input = (
            f"{b64(json.dumps(head).encode())}.{b64(json.dumps(self.claims()).encode())}"
        )
        return f"{signing_input}.{b64(sign(signing_input.encode()))}"


@pytest.fixture
async def minted(platform: Platform) -> tuple[Minter, Session]:
    session = await register(platform.http)
    minter = Minter(platform, session)
    await minter.publish(platform)
    return minter, session


async def status(platform: Platform, token: str) -> int:
    return (await platform.http.get("/v1/me", headers=bearer(token))).status_code


async def test_a_token_signed_by_a_newly_published_key_is_accepted_after_a_refetch(
    platform: Platform, minted: tuple[Minter, Session]
) -> None:
    minter, session = minted
    assert await status(platform, session.access_token) == 200  # JWKS fetched (ours only)
    assert await status(platform, minter.token()) == 200  # unknown kid -> refetched -> known


async def test_every_other_kind_of_token_is_refused_with_401(
    platform: Platform, minted: tuple[Minter, Session]
) -> None:
    minter, session = minted
    forged = await forgeries(platform, minter, session)
    answers = {name: await status(platform, token) for name, token in forged.items()}
    assert answers == dict.fromkeys(forged, 401)
    assert await status(platform, minter.token()) == 200  # the control still passes


async def forgeries(platform: Platform, minter: Minter, session: Session) -> dict[str, str]:
    """Tokens that must all be refused, each wrong in exactly one way."""
    public_x = base64.urlsafe_b64decode(minter.key.as_dict()["x"] + "==")
    public_json = json.dumps(minter.key.as_dict(private=False)).encode()
    tampered = minter.token()
    return {
        "alg none": minter.unsigned("none", lambda _: b""),
        "HS256 with the raw public key": minter.unsigned(
            "HS256", lambda m: hmac.new(public_x, m, hashlib.sha256).digest()
        ),
        "HS256 with the public JWK": minter.unsigned(
            "HS256", lambda m: hmac.new(public_json, m, hashlib.sha256).digest()
        ),
        "EdDSA (not the algorithm we issue)": minter.token(header={"alg": "EdDSA"}),
        "typ JWT": minter.token(header={"typ": "JWT"}),
        "no typ": jwt.encode(
            {"alg": "Ed25519", "kid": minter.kid},
            minter.claims(),
            minter.key,
            algorithms=["Ed25519"],
            default_type=None,
        ),
        "wrong audience": minter.token(aud="someone-else"),
        "wrong issuer": minter.token(iss="https://evil.example"),
        "expired": minter.token(iat=int(time.time()) - 3600, exp=int(time.time()) - 120),
        "no expiry": minter.token(exp=None),
        "bad signature": tampered[:-4] + ("AAAA" if not tampered.endswith("AAAA") else "BBBB"),
        "signed by an unpublished key": jwt.encode(
            {"alg": "Ed25519", "typ": "at+jwt", "kid": minter.kid},
            minter.claims(),
            OKPKey.generate_key("Ed25519"),
            algorithms=["Ed25519"],
        ),
        "unknown kid": minter.token(header={"kid": "nobody-knows-this-kid"}),
        "refresh token": session.refresh_token,
        "invitation token": await invite(platform.http, session, "x@example.test", "viewer"),
        "access token with its payload swapped": _swap_payload(session.access_token, minter),
    }


def _swap_payload(token: str, minter: Minter) -> str:
    header, _, signature = token.split(".")
    payload = b64(json.dumps(minter.claims(role="owner", tid="wsp_someone_else")).encode())
    return f"{header}.{payload}.{signature}"
