"""Mastodon stand-in: apps, PKCE login, idempotent statuses, async media, limits."""

from __future__ import annotations

import asyncio

import httpx

from sandbox.runner import RunningSandbox
from tests.sandbox.support import (
    MASTODON_REDIRECT,
    bearer,
    callback_params,
    mastodon_login,
    pkce_pair,
)

STATUSES = "/mastodon/api/v1/statuses"
ME = "/mastodon/api/v1/accounts/verify_credentials"


async def test_an_app_logs_in_with_pkce_and_sees_its_account(http: httpx.AsyncClient) -> None:
    token = await mastodon_login(http)
    me = await http.get(ME, headers=bearer(token))
    assert me.status_code == 200
    assert {"id", "username", "acct", "display_name", "avatar"} <= set(me.json())
    assert me.json()["username"] == "sandbox"


async def test_a_wrong_verifier_gets_no_token(http: httpx.AsyncClient) -> None:
    app = (
        await http.post(
            "/mastodon/api/v1/apps",
            json={"client_name": "G", "redirect_uris": [MASTODON_REDIRECT], "scopes": "read write"},
        )
    ).json()
    _, challenge = pkce_pair()
    params = callback_params(
        await http.get(
            "/mastodon/oauth/authorize",
            params={
                "response_type": "code",
                "client_id": app["client_id"],
                "redirect_uri": MASTODON_REDIRECT,
                "scope": "read",
                "state": "abc",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
        )
    )
    assert params["state"] == "abc"
    response = await http.post(
        "/mastodon/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "redirect_uri": MASTODON_REDIRECT,
            "code_verifier": "wrong",
        },
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


async def test_the_same_idempotency_key_posts_once(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    token = await mastodon_login(http)
    headers = {**bearer(token), "Idempotency-Key": "post-1:target-1:rev-1"}
    body = {"status": "Hello fediverse", "visibility": "unlisted", "spoiler_text": "cw"}
    first = await http.post(STATUSES, headers=headers, data=body)
    second = await http.post(STATUSES, headers=headers, data=body)
    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["visibility"] == "unlisted" and first.json()["spoiler_text"] == "cw"
    posts = sb.state.counters.posts_for("mastodon")
    assert [(p.post_id, p.key) for p in posts] == [(first.json()["id"], "post-1:target-1:rev-1")]
    other = await http.post(STATUSES, headers={**bearer(token), "Idempotency-Key": "k2"}, data=body)
    assert other.json()["id"] != first.json()["id"]
    await http.post("/_sandbox/clock", json={"advance_s": 3601})
    later = await http.post(STATUSES, headers=headers, data=body)
    assert later.json()["id"] != first.json()["id"]  # remembered for one hour only


async def test_video_media_is_processed_before_it_can_be_attached(
    http: httpx.AsyncClient,
) -> None:
    token = await mastodon_login(http)
    upload = await http.post(
        "/mastodon/api/v2/media",
        headers=bearer(token),
        files={"file": ("clip.mp4", b"\x00" * 2048, "video/mp4")},
        data={"description": "a clip"},
    )
    assert upload.status_code == 202 and upload.json()["url"] is None
    media_id = upload.json()["id"]
    early = await http.post(
        STATUSES, headers=bearer(token), data={"status": "clip", "media_ids[]": [media_id]}
    )
    assert early.status_code == 422
    polls = [
        await http.get(f"/mastodon/api/v1/media/{media_id}", headers=bearer(token))
        for _ in range(2)
    ]
    assert [p.status_code for p in polls] == [206, 200]
    assert polls[0].json()["url"] is None and polls[1].json()["url"]
    posted = await http.post(
        STATUSES,
        headers=bearer(token),
        json={"status": "clip", "media_ids": [media_id], "sensitive": True},
    )
    assert posted.status_code == 200
    assert posted.json()["media_attachments"][0]["id"] == media_id
    assert posted.json()["sensitive"] is True


async def test_images_are_ready_at_once(http: httpx.AsyncClient) -> None:
    token = await mastodon_login(http)
    upload = await http.post(
        "/mastodon/api/v2/media",
        headers=bearer(token),
        files={"file": ("p.png", b"\x89PNG" + bytes(100), "image/png")},
    )
    assert upload.status_code == 200 and upload.json()["url"]


async def test_statuses_over_the_instance_limit_are_422(http: httpx.AsyncClient) -> None:
    await http.post("/_sandbox/config", json={"mastodon": {"max_characters": 30}})
    instance = (await http.get("/mastodon/api/v2/instance")).json()
    assert instance["configuration"]["statuses"]["max_characters"] == 30
    assert instance["configuration"]["statuses"]["max_media_attachments"] == 4
    token = await mastodon_login(http)
    url = "https://example.com/" + "a" * 80  # counts as 23
    fits = await http.post(STATUSES, headers=bearer(token), data={"status": f"hi {url}"})
    assert fits.status_code == 200
    long = await http.post(STATUSES, headers=bearer(token), data={"status": "x" * 31})
    assert long.status_code == 422 and "character limit" in long.json()["error"]


async def test_bad_tokens_and_missing_scopes_are_refused(http: httpx.AsyncClient) -> None:
    bad = await http.post(STATUSES, headers=bearer("nope"), data={"status": "x"})
    assert bad.status_code == 401 and bad.json() == {"error": "The access token is invalid"}
    read_only = await mastodon_login(http, "read")
    refused = await http.post(STATUSES, headers=bearer(read_only), data={"status": "x"})
    assert refused.status_code == 403


async def test_answers_carry_rate_limit_headers_and_429_when_spent(
    http: httpx.AsyncClient,
) -> None:
    await http.post(
        "/_sandbox/config",
        json={"mastodon": {"rate_limits": {"*": [{"limit": 3, "window_s": 300}]}}},
    )
    token = await mastodon_login(http)
    answers = [await http.get(ME, headers=bearer(token)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    assert answers[2].headers["X-RateLimit-Remaining"] == "0"
    assert answers[3].headers["X-RateLimit-Reset"].endswith("Z")
    assert answers[3].json() == {"error": "Too many requests"}


async def test_revoked_tokens_stop_working(http: httpx.AsyncClient, sb: RunningSandbox) -> None:
    token = await mastodon_login(http)
    app = next(iter(sb.state.mastodon.apps.values()))
    revoked = await http.post(
        "/mastodon/oauth/revoke",
        data={"client_id": app.client_id, "client_secret": app.client_secret, "token": token},
    )
    assert revoked.status_code == 200
    assert (await http.get(ME, headers=bearer(token))).status_code == 401


async def test_concurrent_twins_with_one_idempotency_key_post_once(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    token = await mastodon_login(http)
    headers = {**bearer(token), "Idempotency-Key": "twin"}
    answers = await asyncio.gather(
        *(http.post(STATUSES, headers=headers, data={"status": "twin"}) for _ in range(5))
    )
    assert len({a.json()["id"] for a in answers}) == 1
    assert len(sb.state.counters.posts_for("mastodon")) == 1
