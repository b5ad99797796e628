"""Debian's Chromium driven by Playwright: headless, offline-safe flags, a fresh profile each."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import BrowserContext, Page, async_playwright

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "web"
# Set by `make screenshots`: these pages are also copied there, for the README.
PUBLISHED = {"calendar", "composer"}


@asynccontextmanager
async def chromium(
    profile: Path,
    *,
    timezone: str = "Europe/Paris",
    width: int = 1280,
    height: int = 900,
    javascript: bool = True,
) -> AsyncIterator[BrowserContext]:
    """A persistent context on a new, empty user-data-dir; nothing is downloaded."""
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            timezone_id=timezone,
            locale="en-GB",
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
        )
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            await context.close()


async def screenshot(page: Page, name: str) -> Path:
    """Full-page PNG under test-artifacts/web/ (and docs/screenshots/ when asked)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    published = os.environ.get("GAMONTJ_WEB_SCREENSHOTS")
    if published and name in PUBLISHED:
        target = REPO_ROOT / published
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / f"{name}.png")
    return path
