"""Helpers the sandbox tests share: PKCE pairs and one-call logins per provider."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

TIKTOK_CLIENT = {"client_key": "sandbox-tiktok-client", "client_secret": "sandbox-tiktok-secret"}
TIKTOK_REDIRECT = "http://127.0.0.1:9999/v1/oauth/tiktok/callback"
MASTODON_REDIRECT = "http://127.0.0.1:9999/v1/oauth/mastodon/callback"
ALL_TIKTOK_SCOPES = "user.info.basic,video.publish,video.upload"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def callback_params(response: httpx.Response) -> dict[str, str]:
    """The query of a 302 to the redirect URI, URL-decoded."""
    assert response.status_code == 302, response.text
    query = parse_qs(urlsplit(response.headers["location"]).query)
    return {k: v[0] for k, v in query.items()}


async def tiktok_authorize(
    http: httpx.AsyncClient, challenge: str, scopes: str = ALL_TIKTOK_SCOPES
) -> dict[str, str]:
    response = await http.get(
        "/tiktok/v2/auth/authorize/",
        params={
            "client_key": TIKTOK_CLIENT["client_key"],
            "scope": scopes,
            "response_type": "code",
            "redirect_uri": TIKTOK_REDIRECT,
            "state": "st-123",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    return callback_params(response)


async def tiktok_exchange(http: httpx.AsyncClient, code: str, verifier: str) -> httpx.Response:
    return await http.post(
        "/tiktok/v2/oauth/token/",
        data={
            **TIKTOK_CLIENT,
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": TIKTOK_REDIRECT,
            "code_verifier": verifier,
        },
    )


async def tiktok_login(http: httpx.AsyncClient, scopes: str = ALL_TIKTOK_SCOPES) -> dict[str, Any]:
    verifier, challenge = pkce_pair()
    params = await tiktok_authorize(http, challenge, scopes)
    response = await tiktok_exchange(http, params["code"], verifier)
    assert response.status_code == 200, response.text
    token: dict[str, Any] = response.json()
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def mastodon_login(http: httpx.AsyncClient, scopes: str = "read write") -> str:
    app = (
        await http.post(
            "/mastodon/api/v1/apps",
            data={
                "client_name": "Gamontj",
                "redirect_uris": MASTODON_REDIRECT,
                "scopes": scopes,
            },
        )
    ).json()
    verifier, challenge = pkce_pair()
    params = callback_params(
        await http.get(
            "/mastodon/oauth/authorize",
            params={
                "response_type": "code",
                "client_id": app["client_id"],
                "redirect_uri": MASTODON_REDIRECT,
                "scope": scopes,
                "state": "m-1",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
        )
    )
    response = await http.post(
        "/mastodon/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "redirect_uri": MASTODON_REDIRECT,
            "code_verifier": verifier,
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


async def bluesky_login(http: httpx.AsyncClient) -> dict[str, Any]:
    response = await http.post(
        "/bluesky/xrpc/com.atproto.server.createSession",
        json={
            "identifier": "sandbox.test",
            "password": "abcd-efgh-ijkl-mnop",
        },
    )
    assert response.status_code == 200, response.text
    session: dict[str, Any] = response.json()
    return session
