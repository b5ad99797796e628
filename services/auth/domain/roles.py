"""Roles of a workspace member, ordered by how much they may do."""

from __future__ import annotations

import enum

from services.auth.domain.errors import InvalidRole


class Role(enum.StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    EDITOR = "editor"
    VIEWER = "viewer"


_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2, Role.OWNER: 3}


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidRole(value) from None


def at_least(role: Role, other: Role) -> bool:
    """Whether `role` ranks as high as `other` (nobody grants or touches a role above their own)."""
    return _RANK[role] >= _RANK[other]
