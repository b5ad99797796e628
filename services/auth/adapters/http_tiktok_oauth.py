"""OAuthProvider for TikTok Login Kit v2 (form-encoded token endpoint, `client_key` naming)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx

from services.auth.adapters.http_provider_errors import (
    failure_for_status,
    oauth_failure,
    transport_failures,
)
from services.auth.adapters.provider_settings import ProviderSettings
from services.auth.domain.provider_grant import (
    ProviderError,
    ProviderFailure,
    ProviderProfile,
    TokenGrant,
)
from services.auth.ports.oauth_provider import Flow

NAME = "tiktok"


class HttpTikTokOAuth:
    def __init__(self, settings: ProviderSettings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http

    name = NAME
    flow: Flow = "authorization_code"

    @property
    def endpoint(self) -> str:
        """The Content Posting API's base (configurable so the sandbox can stand in)."""
        return self._settings.tiktok_api_url

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(s for s in self._settings.tiktok_scopes.split(",") if s)

    async def authorization_url(self, *, state: str, code_challenge: str, redirect_uri: str) -> str:
        query = {
            "client_key": self._settings.tiktok_client_key,
            "scope": ",".join(self.scopes),
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": state,
            # Optional for web apps, harmless, and it binds the code to this transaction.
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self._settings.tiktok_auth_url}/v2/auth/authorize/?{urlencode(query)}"

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> TokenGrant:
        return await self._token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            }
        )

    async def login_with_password(self, *, identifier: str, password: str) -> TokenGrant:
        raise ProviderError(ProviderFailure.REJECTED, "tiktok connects through OAuth only")

    async def refresh(self, *, refresh_token: str) -> TokenGrant:
        return await self._token({"grant_type": "refresh_token", "refresh_token": refresh_token})

    async def revoke(self, *, token: str) -> None:
        await self._post_form("/v2/oauth/revoke/", {"token": token})

    async def profile(self, *, grant: TokenGrant) -> ProviderProfile:
        async with transport_failures(NAME):
            response = await self._http.get(
                f"{self._settings.tiktok_api_url}/v2/user/info/",
                params={"fields": "open_id,union_id,avatar_url,display_name"},
                headers={"Authorization": f"Bearer {grant.access_token}"},
            )
        body = _json(response)
        error = body.get("error") or {}
        if (problem := failure_for_status(NAME, response)) is not None:
            raise problem
        if error.get("code") != "ok":
            raise ProviderError(ProviderFailure.REJECTED, f"tiktok: {error.get('code')}")
        user = (body.get("data") or {}).get("user") or {}
        return ProviderProfile(
            account_id=str(user.get("open_id") or grant.account_id),
            display_name=str(user.get("display_name") or ""),
            avatar_url=str(user.get("avatar_url") or ""),
        )

    async def _token(self, fields: dict[str, str]) -> TokenGrant:
        body = await self._post_form("/v2/oauth/token/", fields)
        return TokenGrant(
            account_id=str(body["open_id"]),
            access_token=str(body["access_token"]),
            refresh_token=body.get("refresh_token"),
            expires_in=body.get("expires_in"),
            refresh_expires_in=body.get("refresh_expires_in"),
            scopes=tuple(s for s in str(body.get("scope", "")).split(",") if s),
        )

    async def _post_form(self, path: str, fields: dict[str, str]) -> dict[str, Any]:
        credentials = {
            "client_key": self._settings.tiktok_client_key,
            "client_secret": self._settings.tiktok_client_secret,
        }
        async with transport_failures(NAME):
            response = await self._http.post(
                f"{self._settings.tiktok_api_url}{path}", data=credentials | fields
            )
        if (problem := failure_for_status(NAME, response)) is not None:
            raise problem
        body = _json(response)
        if "error" in body and body["error"] and not isinstance(body["error"], dict):
            raise oauth_failure(NAME, str(body["error"]), str(body.get("error_description", "")))
        if response.status_code >= 400:
            raise ProviderError(ProviderFailure.REJECTED, f"tiktok: HTTP {response.status_code}")
        return body


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as exc:
        raise ProviderError(ProviderFailure.TRANSIENT, "tiktok: unreadable answer") from exc
    return body if isinstance(body, dict) else {}
