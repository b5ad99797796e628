"""Idempotency keys of create requests: one per workspace and operation, tied to the request."""

from __future__ import annotations

import hashlib

import msgspec

MAX_KEY_LENGTH = 255


class IdempotencyMark(msgspec.Struct, frozen=True, kw_only=True):
    """`key` identifies the create within the workspace; `fingerprint` the request it made."""

    key: str
    fingerprint: str


def idempotency_mark(operation: str, key: str, *request: object) -> IdempotencyMark | None:
    """None when the caller sent no key (every such create is new)."""
    if not key:
        return None
    return IdempotencyMark(
        key=_digest(operation, key), fingerprint=_digest(operation, *map(repr, request))
    )


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
