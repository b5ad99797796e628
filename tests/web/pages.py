"""Steps a person takes in the web app, as Playwright actions (shared by the browser tests)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from playwright.async_api import Page, expect

PASSWORD = "correct horse battery staple"


async def sign_up(page: Page, web_url: str) -> str:
    email = f"web-{uuid.uuid4().hex[:8]}@example.test"
    await page.goto(f"{web_url}/signup")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_label("Workspace name").fill("Browser story")
    await page.get_by_role("button", name="Sign up").click()
    await expect(page).to_have_url(re.compile(r"/connections/?$"))
    return email


async def connect_tiktok(page: Page) -> None:
    """Through the provider's consent page and the gateway's callback, back to our page."""
    await page.get_by_role("button", name="Connect TikTok").click()
    await expect(page).to_have_url(re.compile(r"/connections/?$"))
    await expect(page.get_by_role("status")).to_contain_text("Connected TikTok")
    await expect(page.locator(".connection .badge-active")).to_have_count(1)


async def connect_bluesky(page: Page, handle: str, app_password: str) -> None:
    await page.get_by_label("Handle").fill(handle)
    await page.get_by_label("App password").fill(app_password)
    await page.get_by_role("button", name="Connect Bluesky").click()
    await expect(page.get_by_role("status")).to_contain_text("Connected")


async def upload(page: Page, web_url: str, video: Path) -> None:
    """The file goes from the browser straight to the signed URL; the list shows it ready."""
    await page.goto(f"{web_url}/media")
    await page.get_by_label("Upload a video or an image").set_input_files(str(video))
    await page.get_by_role("button", name="Upload", exact=True).click()
    card = page.locator(".media", has_text=video.name)
    await expect(card.locator(".badge")).to_have_text("ready", timeout=30_000)
