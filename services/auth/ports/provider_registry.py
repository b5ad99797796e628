"""Port: the configured providers, by name."""

from __future__ import annotations

from typing import Protocol

from services.auth.ports.oauth_provider import OAuthProvider


class ProviderRegistry(Protocol):
    """Which providers this deployment can connect; unknown names raise `UnknownProvider`."""

    def names(self) -> tuple[str, ...]: ...

    def get(self, name: str) -> OAuthProvider: ...


class UnknownProvider(Exception):
    """No provider of that name is configured."""
