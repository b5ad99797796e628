"""Port: our app registration on each Mastodon instance (registered once per host, reused)."""

from __future__ import annotations

from typing import Protocol

import msgspec


class AppRegistration(msgspec.Struct, frozen=True, kw_only=True):
    instance_url: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: str


class MastodonAppRegistry(Protocol):
    """Registrations by instance URL; instance-wide, not tenant data."""

    async def get(self, *, instance_url: str) -> AppRegistration | None: ...

    async def save(self, registration: AppRegistration) -> AppRegistration:
        """Store the registration for that instance (one redirect URI per provider)."""
        ...
