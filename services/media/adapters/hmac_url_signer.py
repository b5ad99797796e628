"""UrlSigner with HMAC-SHA256 over the encoded grant (key from settings or a dev key file)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

import msgspec

from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.grants import SignedGrant

_DOMAIN = b"gamontj.media.url.v1."  # a MAC made for anything else never verifies here
MIN_KEY_BYTES = 32
_decoder = msgspec.json.Decoder(SignedGrant)


class HmacUrlSigner:
    """Token = base64url(grant JSON) "." base64url(HMAC); the grant is readable, not forgeable."""

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"the signing key must have at least {MIN_KEY_BYTES} bytes")
        self._key = key

    def sign(self, grant: SignedGrant) -> str:
        payload = _b64(msgspec.json.encode(grant))
        return f"{payload}.{_b64(self._mac(payload))}"

    def verify(self, token: str) -> SignedGrant:
        payload, _, mac = token.partition(".")
        try:
            given = _unb64(mac)
        except (binascii.Error, ValueError) as exc:
            raise MediaError(ErrorCode.URL_INVALID, "malformed signed URL") from exc
        if not payload or not hmac.compare_digest(given, self._mac(payload)):
            raise MediaError(ErrorCode.URL_INVALID, "the URL's signature does not match")
        try:
            return _decoder.decode(_unb64(payload))
        except (binascii.Error, ValueError, msgspec.DecodeError) as exc:
            raise MediaError(ErrorCode.URL_INVALID, "malformed signed URL") from exc

    def _mac(self, payload: str) -> bytes:
        return hmac.new(self._key, _DOMAIN + payload.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
