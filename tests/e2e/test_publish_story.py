"""The whole platform in one story: sign up, connect Mastodon, write a post, publish it once."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from opentelemetry.sdk.metrics.export import InMemoryMetricReader

from sandbox.runner import RunningSandbox
from shared.observability.metric_names import PUBLISH_ATTEMPTS, PUBLISH_LATENESS
from tests.auth.helpers import Session, register
from tests.auth.platform import Platform
from tests.support.metrics import points
from tests.support.waiting import eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def connect_mastodon(http: httpx.AsyncClient, owner: Session) -> dict[str, Any]:
    started = await http.post("/v1/connections/mastodon/authorize", headers=owner.headers)
    async with httpx.AsyncClient() as browser:
        consent = await browser.get(started.json()["authorize_url"])
    back = urlsplit(consent.headers["location"])
    connected = await http.get(f"{back.path}?{back.query}")
    assert connected.status_code == 200, connected.text
    return dict(connected.json())


async def test_a_post_is_published_exactly_once_and_leaves_a_verifiable_trail(
    platform: Platform, sandbox: RunningSandbox, metric_reader: InMemoryMetricReader
) -> None:
    http = platform.http
    owner = await register(http)
    connection = await connect_mastodon(http, owner)
    created = await http.post(
        "/v1/posts",
        json={
            "text": "Hello from Gamontj https://example.org #launch",
            "targets": [{"connection_id": connection["id"], "provider": "mastodon"}],
        },
        headers=owner.headers | {"Idempotency-Key": "story-1"},
    )
    assert created.status_code == 201, created.text
    post_id = created.json()["post_id"]
    started = await http.post(f"/v1/posts/{post_id}/publish-now", json={}, headers=owner.headers)
    assert started.status_code == 200, started.text

    async def read_post() -> dict[str, Any]:
        answer = await http.get(f"/v1/posts/{post_id}", headers=owner.headers)
        return dict(answer.json())

    post = await eventually(
        read_post, lambda p: p["targets"][0]["state"] in {"published", "failed"}, within_s=30
    )
    target = post["targets"][0]
    assert target["state"] == "published", target
    assert target["provider_post_id"] and target["url"]
    assert len(sandbox.state.counters.posts_for("mastodon")) == 1

    attempts = (await http.get(f"/v1/posts/{post_id}/attempts", headers=owner.headers)).json()
    assert attempts["items"] and attempts["items"][-1]["outcome"] == "published"
    assert all(a["trace_id"] for a in attempts["items"])

    async def trail_types() -> set[str]:
        page = (await http.get("/v1/audit/events", headers=owner.headers)).json()
        return {item["event_type"] for item in page.get("items", [])}

    types = await eventually(trail_types, lambda t: "publisher.post_published" in t, within_s=20)
    assert {"auth.connection_connected", "publisher.post_publishing"} <= types
    verified = (await http.get("/v1/audit/verify", headers=owner.headers)).json()
    assert verified["ok"] is True
    published = [
        p
        for p in points(metric_reader, PUBLISH_ATTEMPTS.name)
        if p.attributes == {"gamontj.provider": "mastodon", "gamontj.publish.outcome": "published"}
    ]
    assert published and published[0].value >= 1
    assert points(metric_reader, PUBLISH_LATENESS.name)
