"""Idempotency keys: stored on the created resource itself, so the replay check is one lookup."""

from __future__ import annotations

import hashlib

from shared.ids import new_id


def idempotency_mark(scope: str, actor: str, key: str) -> str:
    """A digest of (operation, caller, key); a fresh unique value when no key was sent."""
    if not key:
        return new_id("noidem")
    return hashlib.sha256(f"{scope}|{actor}|{key}".encode()).hexdigest()
