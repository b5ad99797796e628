"""One story in a real browser: sign up, connect TikTok, upload, compose, schedule, publish."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Page, expect

from demo.video import small_video
from sandbox.faults import Fault
from tests.web.browser import screenshot
from tests.web.pages import connect_tiktok, sign_up, upload
from tests.web.platform import WebPlatform

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BROWSER_ZONE = ZoneInfo("Europe/Paris")  # the browser context's zone (tests/web/browser.py)


async def test_from_sign_up_to_a_published_tiktok_post(
    web: WebPlatform, page: Page, tmp_path: Path
) -> None:
    await page.goto(f"{web.web_url}/signup")
    await screenshot(page, "signup")
    await sign_up(page, web.web_url)
    await connect_tiktok(page)
    await screenshot(page, "connections")

    video = small_video(tmp_path)
    await upload(page, web.web_url, video)
    await expect(page.locator(".media .facts")).to_contain_text("360\u00d7640")  # 360 x 640 px
    await screenshot(page, "media")

    await page.goto(f"{web.web_url}/compose")
    await expect(page.get_by_label("Time zone")).to_have_value("Europe/Paris")
    await page.get_by_label("Text").fill("Hello from the browser story #gamontj")
    await page.get_by_label(re.compile("Sandbox Creator")).check()
    await page.get_by_label("Who can see this video").select_option("SELF_ONLY")
    await page.get_by_label(video.name).check()
    await page.get_by_label("At a date and time").check()
    # A minute ahead, in the browser's zone, as a person would pick it (minutes only).
    when = (datetime.now(BROWSER_ZONE) + timedelta(minutes=2)).replace(second=0, microsecond=0)
    await page.get_by_label("Date and time", exact=True).fill(when.strftime("%Y-%m-%dT%H:%M"))
    await expect(page.locator(".target.chosen .counter")).to_have_text("37 / 2200")
    await screenshot(page, "composer")
    await page.get_by_role("button", name="Save post").click()
    await expect(page).to_have_url(re.compile(r"/posts/post_"))
    await expect(page.get_by_role("status")).to_have_text("Scheduled.")
    post_url = page.url

    await page.goto(f"{web.web_url}/calendar")
    entry = page.locator(".entry", has_text="Hello from the browser story")
    await expect(entry.locator(".badge")).to_have_text("Scheduled")
    await expect(entry.locator(".entry-time")).to_have_text(when.strftime("%H:%M"))
    await screenshot(page, "calendar")
    # Reschedule from the calendar: one minute later, picked in the same zone.
    later = when + timedelta(minutes=1)
    await entry.get_by_text("Reschedule").click()
    await entry.get_by_label(re.compile("New time")).fill(later.strftime("%Y-%m-%dT%H:%M"))
    await entry.get_by_role("button", name="Move").click()
    await expect(page.get_by_role("status")).to_have_text("Rescheduled.")
    await expect(entry.locator(".entry-time")).to_have_text(later.strftime("%H:%M"))
    await page.goto(f"{web.web_url}/calendar?view=week&date={when.date().isoformat()}")
    await expect(page.locator(".entry", has_text="Hello from the browser story")).to_have_count(1)
    await screenshot(page, "calendar-week")
    await page.locator(".entry-link", has_text="Hello from the browser story").click()
    await expect(page).to_have_url(post_url)

    # The minute passes for the publisher (its clock moves; no real minute is waited).
    web.clock.advance(timedelta(minutes=4))
    target = page.locator(".target-status")
    await expect(target.locator(".badge")).to_have_text("Published", timeout=45_000)
    # TikTok publishes asynchronously: the one send is "accepted", then polled to published.
    attempt = page.locator(".attempt")
    await expect(attempt).to_have_count(1)
    await expect(attempt.locator(".badge")).to_have_text("accepted")
    await page.reload()
    await expect(page.locator("h1 .badge")).to_have_text("Published")
    await screenshot(page, "post")
    assert page.problems == []  # type: ignore[attr-defined]  # no CSP violation, no JS error


async def test_a_failed_target_is_retried_from_its_page(web: WebPlatform, page: Page) -> None:
    await sign_up(page, web.web_url)
    await page.get_by_role("button", name="Connect Mastodon").click()
    await expect(page.get_by_role("status")).to_contain_text("Connected Mastodon")
    down = web.sandbox.state.faults.add(
        Fault(provider="mastodon", endpoint="statuses", kind="error", status=503)
    )
    await page.goto(f"{web.web_url}/compose")
    await page.get_by_label("Text").fill("Retry me https://example.org")
    await page.get_by_label(re.compile("on Mastodon")).check()
    await page.get_by_label("Now").check()
    await page.get_by_role("button", name="Save post").click()
    await expect(page.get_by_role("status")).to_have_text("Publishing now.")

    badge = page.locator(".target-status .badge")
    for _ in range(60):  # each backoff passes at once for the publisher; stop once it gave up
        if await badge.text_content() == "Failed":
            break
        web.clock.advance(timedelta(minutes=10))
        await page.wait_for_timeout(250)
    await expect(badge).to_have_text("Failed")
    await expect(page.locator(".target-status .field-error")).to_be_visible()
    await screenshot(page, "post-failed")

    web.sandbox.state.faults.remove(down.id)
    await page.get_by_role("button", name="Retry Mastodon").click()
    await expect(page.get_by_role("status")).to_have_text("Retrying this target.")
    await expect(badge).to_have_text("Published", timeout=30_000)
    await expect(page.get_by_role("link", name="View on Mastodon")).to_be_visible()
    outcomes = await page.locator(".attempt .badge").all_text_contents()
    assert outcomes[-1] == "published" and set(outcomes[:-1]) == {"rejected"}, outcomes
    assert page.problems == []  # type: ignore[attr-defined]
