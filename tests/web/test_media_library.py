"""The media library in a browser: thumbnails from signed URLs, delete, and the upload form
working without JavaScript (the web app relays the file to the signed URL)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.async_api import Page, expect

from tests.web.browser import chromium, screenshot
from tests.web.pages import sign_up, upload
from tests.web.platform import WebPlatform

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def small_png(folder: Path) -> Path:
    path = folder / "square.png"
    Image.new("RGB", (64, 64), (58, 79, 216)).save(path)
    return path


async def test_an_image_shows_its_thumbnail_and_can_be_deleted(
    web: WebPlatform, page: Page, tmp_path: Path
) -> None:
    await sign_up(page, web.web_url)
    image = small_png(tmp_path)
    await upload(page, web.web_url, image)
    card = page.locator(".media", has_text=image.name)
    thumbnail = card.get_by_role("img", name=image.name)
    await expect(thumbnail).to_be_visible()
    # Loaded from the data plane's signed URL, allowed by the page's CSP.
    assert await thumbnail.evaluate("img => img.complete && img.naturalWidth") == 64
    await expect(card.locator(".facts")).to_contain_text("64\u00d764")
    await card.get_by_role("button", name=f"Delete {image.name}").click()
    await expect(page.get_by_role("status")).to_have_text("Deleted.")
    await expect(page.locator(".empty")).to_contain_text("No media yet")
    assert page.problems == []  # type: ignore[attr-defined]


async def test_the_upload_form_works_without_javascript(web: WebPlatform, tmp_path: Path) -> None:
    async with chromium(tmp_path / "profile", javascript=False) as context:
        page = await context.new_page()
        await sign_up(page, web.web_url)
        image = small_png(tmp_path)
        await page.goto(f"{web.web_url}/media")
        await page.get_by_label("Upload a video or an image").set_input_files(str(image))
        await page.get_by_role("button", name="Upload", exact=True).click()
        await expect(page.get_by_role("status")).to_contain_text(f"Uploaded {image.name}")
        card = page.locator(".media", has_text=image.name)
        for _ in range(40):  # no htmx polling without JavaScript: a person would reload
            if await card.locator(".badge").text_content() == "ready":
                break
            await page.wait_for_timeout(250)
            await page.reload()
        await expect(card.locator(".badge")).to_have_text("ready")
        await expect(page).to_have_url(re.compile(r"/media/?$"))
        await screenshot(page, "media-no-js")
