"""Every service, the gateway and the provider sandbox, for one end-to-end story each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from sandbox.runner import RunningSandbox, running_sandbox
from shared.telemetry import Telemetry
from tests.auth.platform import Platform, module_settings, running

PROVIDER_URLS = {
    "GAMONTJ_TIKTOK_AUTH_URL": "tiktok",
    "GAMONTJ_TIKTOK_API_URL": "tiktok",
    "GAMONTJ_MASTODON_INSTANCE_URL": "mastodon",
    "GAMONTJ_BLUESKY_PDS_URL": "bluesky",
}


def point_providers_at(monkeypatch: pytest.MonkeyPatch, sandbox: RunningSandbox) -> None:
    """Every provider URL the services read (to connect, and so to post) aims at `sandbox`."""
    for name, provider in PROVIDER_URLS.items():
        monkeypatch.setenv(name, sandbox.url(provider))
    monkeypatch.setenv("GAMONTJ_PUBLIC_BASE_URL", "http://127.0.0.1:8080")


@pytest.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    async with running_sandbox() as running_one:
        yield running_one


@pytest.fixture
async def platform(
    nats_url: str,
    mongo_url: str,
    tmp_path: Path,
    telemetry: Telemetry,
    sandbox: RunningSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Platform]:
    point_providers_at(monkeypatch, sandbox)
    settings = module_settings(nats_url, mongo_url, tmp_path)
    async with running(settings, telemetry, also=("media", "publisher", "audit")) as started:
        yield started
