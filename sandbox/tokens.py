"""Random credentials, token fingerprints and PKCE checks shared by every provider."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time


def new_token(prefix: str, nbytes: int = 24) -> str:
    """An opaque, unguessable credential with a readable prefix."""
    return f"{prefix}{secrets.token_urlsafe(nbytes)}"


def fingerprint(token: str | None) -> str:
    """A short, non-reversible label for a token: counters never hold the token itself."""
    if not token:
        return "-"
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def s256_challenge(verifier: str) -> str:
    """The PKCE S256 code challenge for a verifier (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def pkce_matches(challenge: str | None, method: str | None, verifier: str | None) -> bool:
    """True when no challenge was sent, or the verifier answers it (S256 or plain)."""
    if not challenge:
        return True
    if not verifier:
        return False
    expected = s256_challenge(verifier) if (method or "plain").upper() == "S256" else verifier
    return hmac.compare_digest(expected, challenge)


def new_log_id() -> str:
    """A TikTok-style log id: timestamp followed by random hex."""
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
    return f"{stamp}{secrets.token_hex(9).upper()}"


def bearer(authorization: str | None) -> str | None:
    """The credential of an `Authorization: Bearer …` header, if any."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()
