"""Connecting accounts through the real gateway and auth service, against the sandbox."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import msgspec
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from sandbox.bluesky.state import DEFAULT_APP_PASSWORD, DEFAULT_HANDLE
from sandbox.runner import RunningSandbox
from shared.telemetry import Telemetry
from tests.auth.helpers import Session, join, register
from tests.auth.platform import Platform, module_settings, running

pytestmark = pytest.mark.integration


@pytest.fixture
async def platform(
    nats_url: str,
    mongo_url: str,
    tmp_path: Path,
    telemetry: Telemetry,
    sb: RunningSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Platform]:
    for name, provider in [
        ("GAMONTJ_TIKTOK_AUTH_URL", "tiktok"),
        ("GAMONTJ_TIKTOK_API_URL", "tiktok"),
        ("GAMONTJ_MASTODON_INSTANCE_URL", "mastodon"),
        ("GAMONTJ_BLUESKY_PDS_URL", "bluesky"),
    ]:
        monkeypatch.setenv(name, sb.url(provider))
    monkeypatch.setenv("GAMONTJ_PUBLIC_BASE_URL", "http://127.0.0.1:8080")
    async with running(module_settings(nats_url, mongo_url, tmp_path), telemetry) as started:
        yield started


async def connect(
    http: httpx.AsyncClient,
    owner: Session,
    provider: str,
    *,
    headers: dict[str, str] | None = None,
    callback_headers: dict[str, str] | None = None,
) -> httpx.Response:
    """authorize → the provider's consent page → the gateway's callback, as a browser would."""
    started = await http.post(
        f"/v1/connections/{provider}/authorize", headers=owner.headers | (headers or {})
    )
    assert started.status_code == 200, started.text
    async with httpx.AsyncClient() as browser:
        consent = await browser.get(started.json()["authorize_url"])
    back = urlsplit(consent.headers["location"])
    assert back.path == f"/v1/oauth/{provider}/callback"
    return await http.get(f"{back.path}?{back.query}", headers=callback_headers)


@pytest.mark.parametrize("provider", ["tiktok", "mastodon"])
async def test_an_oauth_provider_connects_through_the_gateway(
    platform: Platform, provider: str
) -> None:
    owner = await register(platform.http)
    connected = await connect(platform.http, owner, provider)
    assert connected.status_code == 200, connected.text
    view = connected.json()
    assert view["provider"] == provider and view["status"] == "active" and view["scopes"]
    listed = await platform.http.get("/v1/connections", headers=owner.headers)
    assert [c["id"] for c in listed.json()["items"]] == [view["id"]]
    again = await connect(platform.http, owner, provider)
    assert again.json()["id"] == view["id"], "the same account is updated, not duplicated"


async def test_bluesky_connects_with_an_app_password_through_the_gateway(
    platform: Platform,
) -> None:
    owner = await register(platform.http)
    created = await platform.http.post(
        "/v1/connections/bluesky/credentials",
        json={"identifier": DEFAULT_HANDLE, "password": DEFAULT_APP_PASSWORD},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["account_id"].startswith("did:")


async def test_a_browser_started_flow_only_completes_in_that_browser(platform: Platform) -> None:
    owner = await register(platform.http)
    browser = {"Origin": "http://app.example", "Sec-Fetch-Site": "same-site"}
    started = await platform.http.post(
        "/v1/connections/tiktok/authorize", headers=owner.headers | browser
    )
    cookie = started.cookies.get("gmj_oauth_binding")
    assert cookie and "httponly" in started.headers["set-cookie"].lower()
    async with httpx.AsyncClient() as provider_side:
        consent = await provider_side.get(started.json()["authorize_url"])
    back = urlsplit(consent.headers["location"])
    platform.http.cookies.clear()
    elsewhere = await platform.http.get(f"{back.path}?{back.query}")
    assert elsewhere.status_code == 403
    assert elsewhere.json()["code"] == "oauth_state_other_browser"
    assert (await platform.http.get("/v1/connections", headers=owner.headers)).json()["items"] == []


async def test_roles_and_workspaces_bound_what_a_credential_may_do(platform: Platform) -> None:
    owner = await register(platform.http)
    connection = (await connect(platform.http, owner, "tiktok")).json()
    editor = await join(platform.http, owner, "editor")
    refused = await platform.http.post("/v1/connections/tiktok/authorize", headers=editor.headers)
    assert refused.status_code == 403
    assert (await platform.http.get("/v1/connections", headers=editor.headers)).status_code == 200
    stranger = await register(platform.http)
    for method, path in [
        ("GET", f"/v1/connections/{connection['id']}"),
        ("POST", f"/v1/connections/{connection['id']}/refresh"),
        ("DELETE", f"/v1/connections/{connection['id']}"),
    ]:
        answer = await platform.http.request(method, path, headers=stranger.headers)
        assert answer.status_code == 404, (method, path, answer.text)


async def test_no_token_appears_in_answers_logs_or_spans(
    platform: Platform,
    sb: RunningSandbox,
    spans: InMemorySpanExporter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    owner = await register(platform.http)
    answers = [await connect(platform.http, owner, "tiktok")]
    connection_id = answers[0].json()["id"]
    answers.append(
        await platform.http.post(f"/v1/connections/{connection_id}/refresh", headers=owner.headers)
    )
    answers.append(await platform.http.get("/v1/connections", headers=owner.headers))
    answers.append(
        await platform.http.delete(f"/v1/connections/{connection_id}", headers=owner.headers)
    )
    assert answers[-1].json()["revocation"] == "revoked"
    secrets = [*sb.state.tiktok.access, *sb.state.tiktok.refresh]
    assert len(secrets) >= 2
    bodies = " ".join(a.text for a in answers)
    attributes = repr([dict(s.attributes or {}) for s in spans.get_finished_spans()])
    for secret in secrets:
        assert secret not in bodies and secret not in caplog.text and secret not in attributes


async def test_a_browser_returns_to_the_configured_page_with_the_outcome(
    nats_url: str,
    mongo_url: str,
    tmp_path: Path,
    telemetry: Telemetry,
    sb: RunningSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, provider in [
        ("GAMONTJ_TIKTOK_AUTH_URL", "tiktok"),
        ("GAMONTJ_TIKTOK_API_URL", "tiktok"),
    ]:
        monkeypatch.setenv(name, sb.url(provider))
    monkeypatch.setenv("GAMONTJ_PUBLIC_BASE_URL", "http://127.0.0.1:8080")
    settings = msgspec.structs.replace(
        module_settings(nats_url, mongo_url, tmp_path),
        connect_return_url="https://app.example/connections",
    )
    async with running(settings, telemetry) as platform:
        owner = await register(platform.http)
        html = {"Accept": "text/html"}
        back = await connect(platform.http, owner, "tiktok", callback_headers=html)
        assert back.status_code == 303
        assert back.headers["location"].startswith("https://app.example/connections?")
        assert "status=active" in back.headers["location"]
        forged = await platform.http.get("/v1/oauth/tiktok/callback?state=forged", headers=html)
        assert forged.status_code == 303
        assert "error=oauth_state_invalid" in forged.headers["location"]
