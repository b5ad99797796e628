"""Minimal HS256 JWTs for Bluesky sessions (the PDS signs its session tokens the same way)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import msgspec


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(payload: dict[str, Any], secret: bytes, typ: str) -> str:
    header = _b64(msgspec.json.encode({"typ": typ, "alg": "HS256"}))
    body = _b64(msgspec.json.encode(payload))
    signature = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


def decode(token: str, secret: bytes) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(header, payload) when the signature is ours, else None. Expiry is the caller's job."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    expected = hmac.new(secret, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    try:
        if not hmac.compare_digest(expected, _unb64(parts[2])):
            return None
        header, payload = (
            msgspec.json.decode(_unb64(parts[0])),
            msgspec.json.decode(_unb64(parts[1])),
        )
    except (ValueError, msgspec.DecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        return None
    return header, payload
