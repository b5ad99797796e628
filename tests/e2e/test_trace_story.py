"""One trace per user action across services, and no secret or e-mail in any span or log line."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from tests.auth.helpers import PASSWORD, register
from tests.auth.platform import Platform

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def server_trace(spans: list[ReadableSpan], path_fragment: str) -> int:
    """The trace id of the gateway's server span for the request whose route matches."""
    for span in spans:
        attributes = dict(span.attributes or {})
        route = f"{span.name} {attributes.get('http.route', '')}"
        if span.kind == SpanKind.SERVER and path_fragment in route:
            return span.context.trace_id
    raise AssertionError(f"no gateway span for {path_fragment}")


def traced(spans: list[ReadableSpan], trace_id: int, name_fragment: str) -> bool:
    return any(s.context.trace_id == trace_id and name_fragment in s.name for s in spans)


async def test_each_user_action_is_one_trace_through_every_service_it_touches(
    platform: Platform,
    spans: InMemorySpanExporter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    http = platform.http
    owner = await register(http)
    started = await http.post("/v1/connections/mastodon/authorize", headers=owner.headers)
    async with httpx.AsyncClient() as browser:
        consent = await browser.get(started.json()["authorize_url"])
    back = urlsplit(consent.headers["location"])
    connection = (await http.get(f"{back.path}?{back.query}")).json()
    upload = await http.post(
        "/v1/media",
        json={"filename": "cat.png", "content_type": "image/png", "size": 68},
        headers=owner.headers,
    )
    assert upload.status_code == 201, upload.text
    post = await http.post(
        "/v1/posts",
        json={
            "text": "hi",
            "targets": [{"connection_id": connection["id"], "provider": "mastodon"}],
        },
        headers=owner.headers,
    )
    post_id = post.json()["post_id"]
    await http.post(f"/v1/posts/{post_id}/publish-now", json={}, headers=owner.headers)

    finished = list(spans.get_finished_spans())
    for route, rpc in [
        ("/v1/auth/register", "rpc.auth.register"),
        ("POST /v1/connections/{provider}/authorize", "rpc.auth.connections.authorize"),
        ("POST /v1/media", "rpc.media.create_upload"),
        ("POST /v1/posts/{id}/publish-now", "rpc.publisher.publish_now"),
    ]:
        trace_id = server_trace(finished, route)
        assert traced(finished, trace_id, rpc), f"{rpc} is not in the trace of {route}"
    assert any(
        dict(s.attributes or {}).get("db.system") == "mongodb"
        for s in finished
        if s.context.trace_id == server_trace(finished, "/v1/auth/register")
    ), "MongoDB calls are part of the request's trace"

    names = {s.name for s in finished if s.kind == SpanKind.SERVER}
    assert not any("post_" in name or "con_" in name for name in names), names
    secrets = [owner.email, PASSWORD, owner.access_token, owner.refresh_token]
    attributes = repr([dict(s.attributes or {}) for s in finished])
    for secret in secrets:
        assert secret not in attributes
        assert secret not in caplog.text
