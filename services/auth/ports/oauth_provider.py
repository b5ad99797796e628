"""Port: one provider's account-connection flow (authorise, exchange, refresh, revoke, profile)."""

from __future__ import annotations

from typing import Literal, Protocol

from services.auth.domain.provider_grant import ProviderProfile, TokenGrant

Flow = Literal["authorization_code", "app_password"]


class OAuthProvider(Protocol):
    """A provider adapter; every failure is raised as `ProviderError` with its classification."""

    @property
    def name(self) -> str: ...

    @property
    def flow(self) -> Flow: ...

    @property
    def endpoint(self) -> str:
        """Where the account's API is (Mastodon instance, Bluesky PDS, TikTok API base)."""
        ...

    @property
    def scopes(self) -> tuple[str, ...]:
        """The least-privilege scopes we ask for."""
        ...

    async def authorization_url(self, *, state: str, code_challenge: str, redirect_uri: str) -> str:
        """Where to send the user's browser (authorization_code flow only)."""
        ...

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> TokenGrant:
        """Trade the callback's code for tokens (authorization_code flow only)."""
        ...

    async def login_with_password(self, *, identifier: str, password: str) -> TokenGrant:
        """Open a session with an app password (app_password flow only)."""
        ...

    async def refresh(self, *, refresh_token: str) -> TokenGrant:
        """New tokens; a rotated refresh token must be stored before anything else uses it."""
        ...

    async def revoke(self, *, token: str) -> None:
        """Withdraw our access at the provider."""
        ...

    async def profile(self, *, grant: TokenGrant) -> ProviderProfile:
        """The connected account's public profile."""
        ...
