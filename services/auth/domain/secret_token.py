"""Opaque secrets (refresh tokens, invitation tokens, API keys) and their stored digests."""

from __future__ import annotations

import hashlib
import secrets

REFRESH_PREFIX = "gmr_"
INVITATION_PREFIX = "gmi_"
API_KEY_PREFIX = "gmj_"


def new_secret(prefix: str) -> str:
    """256 bits of randomness behind a readable prefix."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """SHA-256 suffices for high-entropy secrets (nothing to guess from); only this is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()
