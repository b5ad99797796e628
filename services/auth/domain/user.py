"""A person's account: one e-mail, one password hash, any number of workspace memberships."""

from __future__ import annotations

import msgspec

USER_PREFIX = "usr"


class User(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    email: str
    password_hash: str
    created_at_ms: int


def is_user_actor(actor: str) -> bool:
    return actor.startswith(USER_PREFIX + "_")
