"""OAuthProvider for a Mastodon instance: per-instance app registration, PKCE S256, no refresh."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx

from services.auth.adapters.http_provider_errors import (
    failure_for_status,
    oauth_failure,
    transport_failures,
)
from services.auth.domain.provider_grant import (
    ProviderError,
    ProviderFailure,
    ProviderProfile,
    TokenGrant,
)
from services.auth.ports.mastodon_app_registry import AppRegistration, MastodonAppRegistry
from services.auth.ports.oauth_provider import Flow

NAME = "mastodon"


class HttpMastodonOAuth:
    def __init__(
        self,
        *,
        instance_url: str,
        scopes: str,
        registry: MastodonAppRegistry,
        http: httpx.AsyncClient,
    ) -> None:
        self._instance = instance_url.rstrip("/")
        self._scopes = scopes
        self._registry = registry
        self._http = http

    name = NAME
    flow: Flow = "authorization_code"

    @property
    def endpoint(self) -> str:
        return self._instance

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(self._scopes.split())

    async def authorization_url(self, *, state: str, code_challenge: str, redirect_uri: str) -> str:
        app = await self._app(redirect_uri)
        query = {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": redirect_uri,
            "scope": self._scopes,
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self._instance}/oauth/authorize?{urlencode(query)}"

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> TokenGrant:
        app = await self._app(redirect_uri)
        body = await self._post(
            "/oauth/token",
            {
                "grant_type": "authorization_code",
                "code": code,
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            },
        )
        grant = TokenGrant(
            account_id="",
            access_token=str(body["access_token"]),
            scopes=tuple(str(body.get("scope", "")).split()),
        )
        profile = await self.profile(grant=grant)
        return TokenGrant(
            account_id=profile.account_id, access_token=grant.access_token, scopes=grant.scopes
        )

    async def login_with_password(self, *, identifier: str, password: str) -> TokenGrant:
        raise ProviderError(ProviderFailure.REJECTED, "mastodon connects through OAuth only")

    async def refresh(self, *, refresh_token: str) -> TokenGrant:
        # Mastodon tokens do not expire and have no refresh grant.
        raise ProviderError(ProviderFailure.REJECTED, "mastodon tokens are not refreshable")

    async def revoke(self, *, token: str) -> None:
        app = await self._registry.get(instance_url=self._instance)
        fields = {"token": token}
        if app is not None:
            fields |= {"client_id": app.client_id, "client_secret": app.client_secret}
        await self._post("/oauth/revoke", fields)

    async def profile(self, *, grant: TokenGrant) -> ProviderProfile:
        async with transport_failures(NAME):
            response = await self._http.get(
                f"{self._instance}/api/v1/accounts/verify_credentials",
                headers={"Authorization": f"Bearer {grant.access_token}"},
            )
        body = self._checked(response)
        return ProviderProfile(
            account_id=str(body["id"]),
            display_name=str(body.get("display_name") or body.get("username") or ""),
            handle=str(body.get("acct") or ""),
            avatar_url=str(body.get("avatar") or ""),
        )

    async def _app(self, redirect_uri: str) -> AppRegistration:
        known = await self._registry.get(instance_url=self._instance)
        if known is not None and known.redirect_uri == redirect_uri:
            return known
        body = await self._post(
            "/api/v1/apps",
            {"client_name": "Gamontj", "redirect_uris": redirect_uri, "scopes": self._scopes},
        )
        return await self._registry.save(
            AppRegistration(
                instance_url=self._instance,
                client_id=str(body["client_id"]),
                client_secret=str(body["client_secret"]),
                redirect_uri=redirect_uri,
                scopes=self._scopes,
            )
        )

    async def _post(self, path: str, fields: dict[str, str]) -> dict[str, Any]:
        async with transport_failures(NAME):
            response = await self._http.post(f"{self._instance}{path}", data=fields)
        return self._checked(response)

    def _checked(self, response: httpx.Response) -> dict[str, Any]:
        if (problem := failure_for_status(NAME, response)) is not None:
            raise problem
        try:
            body = response.json()
        except ValueError as exc:
            raise ProviderError(ProviderFailure.TRANSIENT, "mastodon: unreadable answer") from exc
        if response.status_code >= 400:
            error = str(body.get("error", "")) if isinstance(body, dict) else ""
            if response.status_code == 401 and error not in ("invalid_grant", "access_denied"):
                error = "invalid_grant"  # a revoked or unknown token: the user must reconnect
            raise oauth_failure(NAME, error or f"http_{response.status_code}")
        return body if isinstance(body, dict) else {}
