"""Passwords and tokens never reach logs, span attributes or events; every event type is emitted."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import pytest
from nats.js.client import JetStreamContext
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shared.contracts import auth as auth_contracts
from shared.contracts.catalog import event_types
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.auth.helpers import PASSWORD, Session, bearer, register, unique_email
from tests.auth.platform import Platform, identity_settings, running
from tests.support.events import read_all
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

# The identity events of shared/contracts/auth.py (connections add their own elsewhere).
AUTH_EVENTS = {
    cls.type_name() for cls in event_types() if cls.__module__ == auth_contracts.__name__
}


@pytest.fixture
async def fresh(
    settings: Settings, telemetry: Telemetry, js: JetStreamContext
) -> AsyncIterator[Platform]:
    async with running(identity_settings(settings), telemetry) as platform:
        yield platform


async def exercise(platform: Platform, secrets: set[str]) -> None:
    """Register, sign in (once wrongly), refresh, and touch every identity event."""
    http = platform.http
    owner = await register(http)
    secrets |= {owner.access_token, owner.refresh_token}
    wrong = await http.post("/v1/auth/login", json={"email": owner.email, "password": "nope!" * 3})
    assert wrong.status_code == 401
    login = (
        await http.post("/v1/auth/login", json={"email": owner.email, "password": PASSWORD})
    ).json()
    refreshed = await http.post("/v1/auth/refresh", json={"refresh_token": login["refresh_token"]})
    tokens = refreshed.json()
    secrets |= {login["access_token"], login["refresh_token"], tokens["access_token"]}
    secrets |= {tokens["refresh_token"]}
    session = Session(
        owner.email,
        PASSWORD,
        owner.user_id,
        owner.workspace_id,
        tokens["access_token"],
        tokens["refresh_token"],
    )
    await everything_else(platform, session, secrets)


async def everything_else(platform: Platform, owner: Session, secrets: set[str]) -> None:
    http = platform.http
    await http.post("/v1/workspaces", json={"name": "Another"}, headers=owner.headers)
    guest = await register(http, email=unique_email("guest"))
    secrets |= {guest.access_token, guest.refresh_token}
    invitation = await http.post(
        "/v1/invitations", json={"email": guest.email, "role": "viewer"}, headers=owner.headers
    )
    token = invitation.json()["link"].split("/v1/invitations/")[1].split("/")[0]
    await http.post(f"/v1/invitations/{token}/accept", headers=guest.headers)
    await http.patch(f"/v1/members/{guest.user_id}", json={"role": "editor"}, headers=owner.headers)
    await http.delete(f"/v1/members/{guest.user_id}", headers=owner.headers)
    key = (
        await http.post(
            "/v1/api-keys", json={"name": "ci", "role": "viewer"}, headers=owner.headers
        )
    ).json()
    secrets.add(key["key"])
    assert (await http.get("/v1/members", headers=bearer(key["key"]))).status_code == 200
    await http.delete(f"/v1/api-keys/{key['id']}", headers=owner.headers)
    await http.get("/v1/me", headers=owner.headers)


async def test_no_password_or_token_in_logs_spans_or_events(
    fresh: Platform,
    js: JetStreamContext,
    spans: InMemorySpanExporter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert len(AUTH_EVENTS) == 10
    secrets: set[str] = {PASSWORD}
    await exercise(fresh, secrets)
    messages = await eventually(
        lambda: read_all(js, "evt.auth.>"),
        lambda found: {json.loads(m.data)["event_type"] for m in found} >= AUTH_EVENTS,
    )
    assert len(caplog.records) > 20 and len(spans.get_finished_spans()) > 20  # we did look
    haystacks = {
        "log": [_record_text(r) for r in caplog.records],
        "span": [_span_text(s) for s in spans.get_finished_spans()],
        "event": [m.data.decode() for m in messages],
    }
    found = {
        (where, secret[:12])
        for where, texts in haystacks.items()
        for text in texts
        for secret in secrets
        if secret in text
    }
    assert found == set()


def _record_text(record: logging.LogRecord) -> str:
    return " ".join([record.getMessage(), repr(record.__dict__), record.exc_text or ""])


def _span_text(span: object) -> str:
    parts = [repr(getattr(span, "name", "")), repr(dict(getattr(span, "attributes", {}) or {}))]
    for event in getattr(span, "events", ()):
        parts.append(repr(dict(event.attributes or {})))
    return " ".join(parts)


async def test_events_carry_ids_not_emails_except_the_invitation(
    fresh: Platform, js: JetStreamContext
) -> None:
    await exercise(fresh, set())
    messages = await eventually(
        lambda: read_all(js, "evt.auth.>"),
        lambda found: {json.loads(m.data)["event_type"] for m in found} >= AUTH_EVENTS,
    )
    for message in messages:
        event = json.loads(message.data)
        assert message.subject == f"evt.{event['event_type']}.{event['tenant_id']}"
        assert message.headers and message.headers["Nats-Msg-Id"] == event["event_id"]
        if event["event_type"] != "auth.invitation_created":
            assert "@" not in message.data.decode(), event
