"""Port: the permission table and the current privacy-policy version, as auth publishes them."""

from __future__ import annotations

from typing import Protocol

import msgspec


class AccessPolicy(msgspec.Struct, frozen=True, kw_only=True):
    roles: dict[str, frozenset[str]]
    permissions: frozenset[str]
    privacy_policy_version: str


class AccessPolicySource(Protocol):
    """A cached copy of auth's table: refreshed periodically and when a permission is unknown."""

    async def current(self) -> AccessPolicy: ...

    async def allows(self, role: str, permission: str) -> bool: ...
