"""ProviderRegistry over the adapters configured at start-up."""

from __future__ import annotations

from collections.abc import Iterable

from services.auth.ports.oauth_provider import OAuthProvider
from services.auth.ports.provider_registry import UnknownProvider


class StaticProviderRegistry:
    def __init__(self, providers: Iterable[OAuthProvider]) -> None:
        self._providers = {provider.name: provider for provider in providers}

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._providers))

    def get(self, name: str) -> OAuthProvider:
        try:
            return self._providers[name]
        except KeyError:
            raise UnknownProvider(name) from None
