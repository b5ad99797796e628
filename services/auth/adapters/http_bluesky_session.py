"""OAuthProvider for Bluesky app passwords: sessions whose refresh JWT rotates on every use."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx

from services.auth.adapters.http_provider_errors import failure_for_status, transport_failures
from services.auth.domain.provider_grant import (
    ProviderError,
    ProviderFailure,
    ProviderProfile,
    TokenGrant,
)
from services.auth.ports.oauth_provider import Flow

NAME = "bluesky"
# Errors after which only a new app-password login helps.
_DEFINITIVE = {"ExpiredToken", "InvalidToken", "AccountTakedown", "AuthenticationRequired"}


class HttpBlueskySession:
    def __init__(self, *, pds_url: str, http: httpx.AsyncClient) -> None:
        self._pds = pds_url.rstrip("/")
        self._http = http

    name = NAME
    flow: Flow = "app_password"
    scopes: tuple[str, ...] = ("atproto",)

    @property
    def endpoint(self) -> str:
        return self._pds

    async def authorization_url(self, *, state: str, code_challenge: str, redirect_uri: str) -> str:
        raise ProviderError(ProviderFailure.REJECTED, "bluesky connects with an app password")

    async def exchange_code(
        self, *, code: str, code_verifier: str, redirect_uri: str
    ) -> TokenGrant:
        raise ProviderError(ProviderFailure.REJECTED, "bluesky connects with an app password")

    async def login_with_password(self, *, identifier: str, password: str) -> TokenGrant:
        body = await self._call(
            "com.atproto.server.createSession",
            json_body={"identifier": identifier, "password": password},
        )
        return _grant(body)

    async def refresh(self, *, refresh_token: str) -> TokenGrant:
        return _grant(await self._call("com.atproto.server.refreshSession", bearer=refresh_token))

    async def revoke(self, *, token: str) -> None:
        await self._call("com.atproto.server.deleteSession", bearer=token)

    async def profile(self, *, grant: TokenGrant) -> ProviderProfile:
        body = await self._call(
            "com.atproto.server.getSession", bearer=grant.access_token, get=True
        )
        handle = str(body.get("handle") or "")
        return ProviderProfile(account_id=str(body["did"]), display_name=handle, handle=handle)

    async def _call(
        self,
        method: str,
        *,
        json_body: dict[str, str] | None = None,
        bearer: str | None = None,
        get: bool = False,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        url = f"{self._pds}/xrpc/{method}"
        async with transport_failures(NAME):
            if get:
                response = await self._http.get(url, headers=headers)
            else:
                response = await self._http.post(url, json=json_body, headers=headers)
        if (problem := failure_for_status(NAME, response)) is not None:
            raise problem
        body = response.json() if response.content else {}
        if response.status_code >= 400:
            error = str(body.get("error", "")) if isinstance(body, dict) else ""
            failure = (
                ProviderFailure.INVALID_GRANT if error in _DEFINITIVE else ProviderFailure.REJECTED
            )
            if response.status_code == 401 and method == "com.atproto.server.createSession":
                failure = ProviderFailure.ACCESS_DENIED
            raise ProviderError(
                failure, f"bluesky: {error or response.status_code}", provider_code=error
            )
        return body if isinstance(body, dict) else {}


def _grant(body: dict[str, Any]) -> TokenGrant:
    access, refresh = str(body["accessJwt"]), str(body["refreshJwt"])
    return TokenGrant(
        account_id=str(body["did"]),
        access_token=access,
        refresh_token=refresh,
        expires_in=_seconds_left(access),
        refresh_expires_in=_seconds_left(refresh),
        scopes=("atproto",),
    )


def _seconds_left(jwt: str) -> int | None:
    """The session answer has no lifetimes: read `exp` from the JWT (unverified, ours to use)."""
    try:
        payload = jwt.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return max(int(claims["exp"] - time.time()), 0)
    except (IndexError, KeyError, ValueError, TypeError):
        return None
