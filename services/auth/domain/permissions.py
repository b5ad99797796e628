"""The one permission table: what each role may do. The gateway fetches it over RPC."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from services.auth.domain.roles import Role


class Permission(enum.StrEnum):
    WORKSPACE_READ = "workspace:read"
    WORKSPACE_MANAGE = "workspace:manage"
    MEMBERS_READ = "members:read"
    MEMBERS_MANAGE = "members:manage"
    INVITATIONS_CREATE = "invitations:create"
    API_KEYS_READ = "api_keys:read"
    API_KEYS_MANAGE = "api_keys:manage"
    CONNECTIONS_READ = "connections:read"
    CONNECTIONS_MANAGE = "connections:manage"
    MEDIA_READ = "media:read"
    MEDIA_WRITE = "media:write"
    MEDIA_REVIEW = "media:review"
    POSTS_READ = "posts:read"
    POSTS_WRITE = "posts:write"
    POSTS_APPROVE = "posts:approve"
    AUDIT_READ = "audit:read"
    PRIVACY_REQUEST = "privacy:request"
    SETTINGS_MANAGE = "settings:manage"


P = Permission
_VIEWER = frozenset(
    {
        P.WORKSPACE_READ,
        P.MEMBERS_READ,
        P.CONNECTIONS_READ,
        P.MEDIA_READ,
        P.POSTS_READ,
        P.PRIVACY_REQUEST,
    }
)
_EDITOR = _VIEWER | {P.MEDIA_WRITE, P.POSTS_WRITE}
_ADMIN = _EDITOR | {
    P.MEMBERS_MANAGE,
    P.INVITATIONS_CREATE,
    P.API_KEYS_READ,
    P.API_KEYS_MANAGE,
    P.CONNECTIONS_MANAGE,
    P.MEDIA_REVIEW,
    P.POSTS_APPROVE,
    P.AUDIT_READ,
}
_OWNER = _ADMIN | {P.WORKSPACE_MANAGE, P.SETTINGS_MANAGE}

PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.OWNER: _OWNER,
    Role.ADMIN: _ADMIN,
    Role.EDITOR: _EDITOR,
    Role.VIEWER: _VIEWER,
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in PERMISSIONS[role]


def as_table() -> dict[str, list[str]]:
    """The table as plain data for the wire, sorted for stable output."""
    return {role.value: sorted(p.value for p in granted) for role, granted in PERMISSIONS.items()}
