"""A scheduled publish continues the trace of the person who scheduled it, into the audit trail.

The platform runs in the test's process (tests/e2e/conftest.py), so every service's spans land
in the one in-memory exporter: the gateway, the publisher's engine and its provider calls, and
the audit consumer that records the resulting events.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from sandbox.runner import RunningSandbox
from tests.auth.helpers import PASSWORD, register
from tests.auth.platform import Platform
from tests.e2e.test_publish_story import connect_mastodon
from tests.observability.span_checks import (
    attributes,
    gateway_trace,
    in_trace,
    leaks,
    url_of,
    workspace_of,
)
from tests.support.waiting import eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]

AUDIT_SPAN = "process audit_trail"


def audit_spans_for(spans: list[ReadableSpan], event: str) -> list[ReadableSpan]:
    """The audit consumer's per-message spans for events of type `event`."""
    return [
        s
        for s in spans
        if s.name == AUDIT_SPAN
        and f".{event}." in str(attributes(s).get("messaging.destination.name", ""))
    ]


async def test_a_scheduled_publish_is_in_the_trace_of_the_person_who_scheduled_it(
    platform: Platform, sandbox: RunningSandbox, spans: InMemorySpanExporter
) -> None:
    http = platform.http
    owner = await register(http)
    connection = await connect_mastodon(http, owner)
    upload = await http.post(
        "/v1/media",
        json={"filename": "cat.png", "content_type": "image/png", "size": 68},
        headers=owner.headers,
    )
    assert upload.status_code == 201, upload.text
    text = f"Traced words {uuid4().hex}"
    created = await http.post(
        "/v1/posts",
        json={
            "text": text,
            "targets": [{"connection_id": connection["id"], "provider": "mastodon"}],
        },
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    post_id = created.json()["post_id"]
    # Due now (the schedule's grace absorbs the request's own latency): the scheduler, not
    # the request, publishes it.
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat()
    scheduled = await http.post(
        f"/v1/posts/{post_id}/schedule",
        json={"local_time": now, "timezone": "UTC"},
        headers=owner.headers,
    )
    assert scheduled.status_code == 200, scheduled.text

    async def read_post() -> dict[str, Any]:
        return dict((await http.get(f"/v1/posts/{post_id}", headers=owner.headers)).json())

    post = await eventually(
        read_post, lambda p: p["targets"][0]["state"] in {"published", "failed"}, within_s=30
    )
    assert post["targets"][0]["state"] == "published", post
    target_id = post["targets"][0]["target_id"]

    async def finished() -> list[ReadableSpan]:
        return list(spans.get_finished_spans())

    everything = await eventually(
        finished, lambda s: bool(audit_spans_for(s, "post_published")), within_s=20
    )
    trace_id = gateway_trace(everything, "POST /v1/posts/{id}/schedule")
    story = in_trace(everything, trace_id)

    engine = [
        s
        for s in story
        if s.name == "publisher.process_target" and attributes(s)["gamontj.target_id"] == target_id
    ]
    assert engine, "the engine's span continues the trace of the schedule request"
    assert all(workspace_of(s) == owner.workspace_id for s in engine)
    assert all(s.links for s in engine), "each engine span links to the scheduler's pass"

    provider_calls = [
        s for s in story if s.kind == SpanKind.CLIENT and url_of(s).startswith(sandbox.base_url)
    ]
    assert provider_calls, "the provider HTTP calls are in the same trace"
    assert all(workspace_of(s) == owner.workspace_id for s in provider_calls)

    for event in ("post_publishing", "post_published"):
        recorded = audit_spans_for(story, event)
        assert recorded, f"the audit consumer's span for {event} is in the trace"
        assert all(workspace_of(s) == owner.workspace_id for s in recorded)
    batches = [
        s
        for s in everything
        if s.name == AUDIT_SPAN and "messaging.batch.message_count" in attributes(s)
    ]
    assert any(link.context.trace_id == trace_id for b in batches for link in b.links), (
        "the audit batch span links to the producers of its messages"
    )

    attempts = (await http.get(f"/v1/posts/{post_id}/attempts", headers=owner.headers)).json()
    assert attempts["items"], attempts
    assert {a["trace_id"] for a in attempts["items"]} == {format(trace_id, "032x")}

    secrets = [owner.email, PASSWORD, owner.access_token, owner.refresh_token, text]
    assert leaks(everything, secrets) == []
