"""Fault injection and the control API: 5xx, 429, connection resets, latency, counters."""

from __future__ import annotations

import time

import httpx
import pytest

from sandbox.runner import RunningSandbox, running_sandbox
from sandbox.tokens import fingerprint
from tests.sandbox.support import bearer, bluesky_login, mastodon_login, tiktok_login

STATUSES = "/mastodon/api/v1/statuses"
CREATOR = "/tiktok/v2/post/publish/creator_info/query/"


async def fault(http: httpx.AsyncClient, **spec: object) -> dict[str, object]:
    response = await http.post("/_sandbox/faults", json=spec)
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


async def test_an_injected_5xx_answers_in_the_providers_shape_then_stops(
    http: httpx.AsyncClient,
) -> None:
    token = (await tiktok_login(http))["access_token"]
    await fault(http, provider="tiktok", endpoint="creator_info", kind="error", status=503, times=1)
    failed = await http.post(CREATOR, headers=bearer(token))
    assert failed.status_code == 503
    assert failed.json()["error"]["code"] == "internal_error"
    assert (await http.post(CREATOR, headers=bearer(token))).status_code == 200


async def test_an_injected_429_carries_the_reset_headers(http: httpx.AsyncClient) -> None:
    session = await bluesky_login(http)
    await fault(
        http,
        provider="bluesky",
        endpoint="createRecord",
        kind="rate_limit",
        retry_after_s=30,
        times=1,
    )
    response = await http.post(
        "/bluesky/xrpc/com.atproto.repo.createRecord", headers=bearer(session["accessJwt"]), json={}
    )
    assert response.status_code == 429
    assert int(response.headers["ratelimit-reset"]) >= int(time.time()) + 29
    assert response.json()["error"] == "RateLimitExceeded"
    token = await mastodon_login(http)
    await fault(http, provider="mastodon", endpoint="statuses", kind="rate_limit", times=1)
    limited = await http.post(STATUSES, headers=bearer(token), data={"status": "x"})
    assert limited.status_code == 429 and "X-RateLimit-Reset" in limited.headers


async def test_a_reset_before_processing_posts_nothing(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    token = await mastodon_login(http)
    await fault(http, provider="mastodon", endpoint="statuses", kind="reset_before", times=1)
    headers = {**bearer(token), "Idempotency-Key": "attempt-1"}
    with pytest.raises(httpx.TransportError):
        await http.post(STATUSES, headers=headers, data={"status": "hello"})
    assert sb.state.counters.posts_for("mastodon") == []
    assert sb.state.counters.calls_to("mastodon", "statuses") == 1
    retried = await http.post(STATUSES, headers=headers, data={"status": "hello"})
    assert retried.status_code == 200
    assert len(sb.state.counters.posts_for("mastodon")) == 1


async def test_a_reset_after_processing_posts_but_the_client_sees_a_broken_answer(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    token = await mastodon_login(http)
    await fault(http, provider="mastodon", endpoint="statuses", kind="reset_after", times=1)
    headers = {**bearer(token), "Idempotency-Key": "attempt-1"}
    with pytest.raises(httpx.TransportError):
        await http.post(STATUSES, headers=headers, data={"status": "hello"})
    assert len(sb.state.counters.posts_for("mastodon")) == 1
    reconciled = await http.post(STATUSES, headers=headers, data={"status": "hello"})
    assert reconciled.json()["id"] == sb.state.counters.posts_for("mastodon")[0].post_id
    posts = (await http.get("/_sandbox/posts", params={"provider": "mastodon"})).json()
    assert posts["count"] == 1 and posts["posts"][0]["key"] == "attempt-1"


async def test_latency_delays_only_the_chosen_endpoint(http: httpx.AsyncClient) -> None:
    await fault(
        http, provider="bluesky", endpoint="describeServer", kind="latency", latency_ms=300, times=1
    )
    started = time.perf_counter()
    await http.get("/bluesky/xrpc/com.atproto.server.describeServer")
    assert time.perf_counter() - started >= 0.3
    started = time.perf_counter()
    await http.get("/bluesky/xrpc/com.atproto.server.describeServer")
    assert time.perf_counter() - started < 0.2


async def test_after_lets_calls_through_before_the_fault_fires(http: httpx.AsyncClient) -> None:
    await fault(http, provider="bluesky", endpoint="*", kind="error", status=502, after=1, times=1)
    url = "/bluesky/xrpc/com.atproto.server.describeServer"
    codes = [(await http.get(url)).status_code for _ in range(3)]
    assert codes == [200, 502, 200]
    listed = (await http.get("/_sandbox/faults")).json()["faults"]
    assert listed[0]["fired"] == 1 and listed[0]["seen"] == 3
    assert (await http.delete("/_sandbox/faults")).json() == {"ok": True}


async def test_unknown_endpoints_are_refused_by_the_control_api(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/_sandbox/faults", json={"provider": "tiktok", "endpoint": "nope", "kind": "error"}
    )
    assert response.status_code == 400
    names = (await http.get("/_sandbox/endpoints")).json()
    assert "video_init" in names["tiktok"] and "createRecord" in names["bluesky"]


async def test_counters_count_every_call_per_endpoint_and_token(
    http: httpx.AsyncClient,
) -> None:
    token = (await tiktok_login(http))["access_token"]
    for _ in range(3):
        await http.post(CREATOR, headers=bearer(token))
    counters = (await http.get("/_sandbox/counters")).json()
    assert counters["by_endpoint"]["tiktok"]["creator_info"] == 3
    mine = [c for c in counters["calls"] if c["token"] == fingerprint(token)]
    assert mine == [
        {"provider": "tiktok", "endpoint": "creator_info", "token": fingerprint(token), "count": 3}
    ]
    assert token not in str(counters)


async def test_reset_forgets_everything(http: httpx.AsyncClient) -> None:
    token = await mastodon_login(http)
    await http.post(STATUSES, headers=bearer(token), data={"status": "x"})
    await http.post("/_sandbox/config", json={"mastodon": {"max_characters": 10}})
    assert (await http.post("/_sandbox/reset")).json() == {"ok": True}
    assert (await http.get("/_sandbox/posts")).json()["count"] == 0
    config = (await http.get("/_sandbox/config")).json()
    assert config["mastodon"]["max_characters"] == 500
    assert (
        await http.post(STATUSES, headers=bearer(token), data={"status": "x"})
    ).status_code == 401


async def test_bad_config_is_refused(http: httpx.AsyncClient) -> None:
    response = await http.post("/_sandbox/config", json={"tiktok": {"access_expires_in": "x"}})
    assert response.status_code == 400


async def test_the_runner_serves_its_own_state_and_stops() -> None:
    async with running_sandbox() as sb, httpx.AsyncClient() as client:
        health = await client.get(f"{sb.base_url}/_sandbox/health")
        assert health.json() == {"ok": True}
        assert sb.url("tiktok") == f"{sb.base_url}/tiktok"
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as client:
            await client.get(f"{sb.base_url}/_sandbox/health")
