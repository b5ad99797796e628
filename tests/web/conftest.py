"""Fixtures for browser tests: one platform per module, a fresh Chromium profile per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import BrowserContext, ConsoleMessage, Page, Response

from shared.telemetry import Telemetry
from tests.web.browser import CHROMIUM, chromium
from tests.web.platform import WebPlatform, web_platform

WEB_ASSETS = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "htmx.org"


@pytest.fixture(scope="module")
async def web(
    nats_url: str, mongo_url: str, tmp_path_factory: pytest.TempPathFactory, telemetry: Telemetry
) -> AsyncIterator[WebPlatform]:
    data_dir = tmp_path_factory.mktemp("web-platform")
    async with web_platform(nats_url, mongo_url, data_dir, telemetry) as running:
        yield running


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[BrowserContext]:
    for needed, how in ((CHROMIUM, "apt-get install chromium"), (WEB_ASSETS, "make venv")):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: {how} (make test and .ci/run do it)")
    async with chromium(tmp_path / "profile") as context:
        yield context


@pytest.fixture
async def page(browser: BrowserContext) -> AsyncIterator[Page]:
    """A tab that records script errors, CSP refusals and failed sub-resources (not pages:
    a form answered 422 with its problems is expected)."""
    tab = await browser.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "error" and not text.startswith("Failed to load resource"):
            problems.append(text)  # CSP refusals ("Refused to …") land here

    def on_response(response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    tab.on("console", on_console)
    tab.on("response", on_response)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.problems = problems  # type: ignore[attr-defined]
    yield tab
    await tab.close()
