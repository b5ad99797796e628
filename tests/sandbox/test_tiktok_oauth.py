"""TikTok Login Kit stand-in: consent, PKCE-bound codes, rotation, revoke, user info."""

from __future__ import annotations

import httpx

from sandbox.runner import RunningSandbox
from tests.sandbox.support import (
    TIKTOK_CLIENT,
    TIKTOK_REDIRECT,
    bearer,
    pkce_pair,
    tiktok_authorize,
    tiktok_exchange,
    tiktok_login,
)

USER_INFO = "/tiktok/v2/user/info/"


async def test_a_full_pkce_round_trip_ends_with_the_creators_profile(
    http: httpx.AsyncClient,
) -> None:
    verifier, challenge = pkce_pair()
    params = await tiktok_authorize(http, challenge)
    assert params["state"] == "st-123"
    assert params["scopes"] == "user.info.basic,video.publish,video.upload"
    assert "*" in params["code"]  # decoded: the raw Location carried %2A

    token = (await tiktok_exchange(http, params["code"], verifier)).json()
    assert token["token_type"] == "Bearer"
    assert token["scope"] == "user.info.basic,video.publish,video.upload"
    assert token["expires_in"] == 86_400 and token["refresh_expires_in"] == 31_536_000

    response = await http.get(
        USER_INFO,
        params={"fields": "open_id,display_name,avatar_url"},
        headers=bearer(token["access_token"]),
    )
    body = response.json()
    assert response.status_code == 200
    assert body["error"]["code"] == "ok" and body["error"]["log_id"]
    assert body["data"]["user"]["open_id"] == token["open_id"]


async def test_a_refresh_rotates_and_the_old_refresh_token_is_an_invalid_grant(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    await http.post("/_sandbox/config", json={"tiktok": {"access_expires_in": 7200}})
    first = await tiktok_login(http)
    assert first["expires_in"] == 7200
    refresh = {**TIKTOK_CLIENT, "grant_type": "refresh_token"}

    second = await http.post(
        "/tiktok/v2/oauth/token/", data={**refresh, "refresh_token": first["refresh_token"]}
    )
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]

    again = await http.post(
        "/tiktok/v2/oauth/token/", data={**refresh, "refresh_token": first["refresh_token"]}
    )
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    assert set(again.json()) == {"error", "error_description", "log_id"}


async def test_a_wrong_code_verifier_is_refused(http: httpx.AsyncClient) -> None:
    _, challenge = pkce_pair()
    params = await tiktok_authorize(http, challenge)
    response = await tiktok_exchange(http, params["code"], "not-the-verifier")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_a_code_works_once(http: httpx.AsyncClient) -> None:
    verifier, challenge = pkce_pair()
    params = await tiktok_authorize(http, challenge)
    assert (await tiktok_exchange(http, params["code"], verifier)).status_code == 200
    reused = await tiktok_exchange(http, params["code"], verifier)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"


async def test_codes_expire(http: httpx.AsyncClient) -> None:
    verifier, challenge = pkce_pair()
    params = await tiktok_authorize(http, challenge)
    await http.post("/_sandbox/clock", json={"advance_s": 301})
    response = await tiktok_exchange(http, params["code"], verifier)
    assert response.json()["error"] == "invalid_grant"


async def test_unregistered_redirect_uris_are_refused_on_the_page(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get(
        "/tiktok/v2/auth/authorize/",
        params={
            "client_key": TIKTOK_CLIENT["client_key"],
            "scope": "user.info.basic",
            "response_type": "code",
            "redirect_uri": "https://evil.example/cb",
            "state": "s",
        },
    )
    assert response.status_code == 400


async def test_registered_clients_need_an_exact_redirect_uri(http: httpx.AsyncClient) -> None:
    registered = await http.post(
        "/_sandbox/tiktok/clients",
        json={
            "client_key": "prod-like",
            "client_secret": "s3cret",
            "redirect_uris": ["https://app.example/v1/oauth/tiktok/callback"],
        },
    )
    assert registered.status_code == 201
    base = {"client_key": "prod-like", "scope": "user.info.basic", "response_type": "code"}
    ok = await http.get(
        "/tiktok/v2/auth/authorize/",
        params={**base, "redirect_uri": "https://app.example/v1/oauth/tiktok/callback"},
    )
    assert ok.status_code == 302
    other = await http.get(
        "/tiktok/v2/auth/authorize/", params={**base, "redirect_uri": "http://127.0.0.1:1/cb"}
    )
    assert other.status_code == 400
    bad = await http.post(
        "/_sandbox/tiktok/clients",
        json={
            "client_key": "k",
            "client_secret": "s",
            "redirect_uris": ["https://a.example/cb?x=1"],
        },
    )
    assert bad.status_code == 400


async def test_scripted_consent_can_deny_or_grant_fewer_scopes(
    http: httpx.AsyncClient,
) -> None:
    await http.post("/_sandbox/consent", json={"provider": "tiktok", "deny": True})
    _, challenge = pkce_pair()
    denied = await tiktok_authorize(http, challenge)
    assert denied["error"] == "access_denied" and denied["state"] == "st-123"

    await http.post(
        "/_sandbox/consent",
        json={"provider": "tiktok", "scopes": ["user.info.basic", "video.upload"]},
    )
    token = await tiktok_login(http)
    assert token["scope"] == "user.info.basic,video.upload"


async def test_revoke_kills_the_access_and_refresh_tokens(http: httpx.AsyncClient) -> None:
    token = await tiktok_login(http)
    revoked = await http.post(
        "/tiktok/v2/oauth/revoke/", data={**TIKTOK_CLIENT, "token": token["access_token"]}
    )
    assert revoked.status_code == 200 and revoked.json() == {}
    info = await http.get(
        USER_INFO, params={"fields": "open_id"}, headers=bearer(token["access_token"])
    )
    assert info.status_code == 401
    assert info.json()["error"]["code"] == "access_token_invalid"
    refreshed = await http.post(
        "/tiktok/v2/oauth/token/",
        data={
            **TIKTOK_CLIENT,
            "grant_type": "refresh_token",
            "refresh_token": token["refresh_token"],
        },
    )
    assert refreshed.json()["error"] == "invalid_grant"


async def test_a_bad_client_secret_is_invalid_client(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/tiktok/v2/oauth/token/",
        data={
            "client_key": TIKTOK_CLIENT["client_key"],
            "client_secret": "wrong",
            "grant_type": "authorization_code",
            "code": "x",
            "redirect_uri": TIKTOK_REDIRECT,
        },
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_user_info_fields_need_their_scopes(http: httpx.AsyncClient) -> None:
    token = await tiktok_login(http, "user.info.basic")
    response = await http.get(
        USER_INFO, params={"fields": "open_id,username"}, headers=bearer(token["access_token"])
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "scope_not_authorized"
