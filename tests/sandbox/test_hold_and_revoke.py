"""Held answers (the provider acts at once, answers late) and consent withdrawn at a provider."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from sandbox.runner import RunningSandbox
from tests.sandbox.support import TIKTOK_CLIENT, bearer, bluesky_login, mastodon_login, tiktok_login

STATUSES = "/mastodon/api/v1/statuses"
CREATOR = "/tiktok/v2/post/publish/creator_info/query/"
REFRESH_SESSION = "/bluesky/xrpc/com.atproto.server.refreshSession"


async def test_a_held_answer_comes_after_the_post_was_accepted(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    token = await mastodon_login(http)
    rule = await http.post(
        "/_sandbox/faults",
        json={"provider": "mastodon", "endpoint": "statuses", "kind": "hold_answer",
              "latency_ms": 60_000, "times": 1},
    )  # fmt: skip
    assert rule.status_code == 201, rule.text
    headers = {**bearer(token), "Idempotency-Key": "held-1"}
    call = asyncio.create_task(http.post(STATUSES, headers=headers, data={"status": "hi"}))
    for _ in range(200):
        if sb.state.counters.posts_for("mastodon"):
            break
        await asyncio.sleep(0.01)
    assert len(sb.state.counters.posts_for("mastodon")) == 1  # accepted while the answer waits
    assert not call.done()
    removed = await http.delete(f"/_sandbox/faults/{rule.json()['id']}")
    assert removed.json() == {"removed": True}  # removing the rule releases the answer
    answer = await asyncio.wait_for(call, timeout=5)
    assert answer.status_code == 200
    assert answer.json()["id"] == sb.state.counters.posts_for("mastodon")[0].post_id


async def test_a_held_answer_a_client_gave_up_on_still_posted(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    token = await mastodon_login(http)
    await http.post(
        "/_sandbox/faults",
        json={"provider": "mastodon", "endpoint": "statuses", "kind": "hold_answer",
              "latency_ms": 500, "times": 1},
    )  # fmt: skip
    with pytest.raises(httpx.ReadTimeout):
        await http.post(STATUSES, headers=bearer(token), data={"status": "hi"}, timeout=0.1)
    assert len(sb.state.counters.posts_for("mastodon")) == 1
    again = await http.post(STATUSES, headers=bearer(token), data={"status": "hi"})
    assert again.status_code == 200  # the rule fired once


async def test_revoking_at_the_provider_kills_every_grant_issued_so_far(
    http: httpx.AsyncClient,
) -> None:
    tiktok = await tiktok_login(http)
    mastodon = await mastodon_login(http)
    bluesky = await bluesky_login(http)
    for provider in ("tiktok", "mastodon", "bluesky"):
        revoked = await http.post("/_sandbox/revoke", json={"provider": provider})
        assert revoked.json() == {"revoked": 1}, (provider, revoked.text)
    assert (await http.post(CREATOR, headers=bearer(tiktok["access_token"]))).status_code == 401
    refresh = {**TIKTOK_CLIENT, "grant_type": "refresh_token"}
    refused = await http.post(
        "/tiktok/v2/oauth/token/", data={**refresh, "refresh_token": tiktok["refresh_token"]}
    )
    assert refused.json()["error"] == "invalid_grant"
    status = await http.post(STATUSES, headers=bearer(mastodon), data={"status": "x"})
    assert status.status_code == 401
    session = await http.post(REFRESH_SESSION, headers=bearer(bluesky["refreshJwt"]))
    assert session.status_code == 400 and session.json()["error"] == "ExpiredToken"
    unknown = await http.post("/_sandbox/revoke", json={"provider": "x"})
    assert unknown.status_code == 400
