"""The composer in a browser: live counters, the API's problems next to their fields, and the
whole path with the keyboard only; then the main pages at a phone's width."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Page, expect

from sandbox.bluesky.state import DEFAULT_APP_PASSWORD, DEFAULT_HANDLE
from tests.web.browser import screenshot
from tests.web.pages import PASSWORD, connect_bluesky, connect_tiktok, sign_up
from tests.web.platform import WebPlatform

pytestmark = [pytest.mark.integration, pytest.mark.slow]

WAVE = "\U0001f44b\U0001f3fd"  # waving hand + skin tone: 1 grapheme, 4 UTF-16 units


async def test_counters_and_every_api_problem_next_to_its_field(
    web: WebPlatform, page: Page
) -> None:
    await sign_up(page, web.web_url)
    await connect_tiktok(page)
    await connect_bluesky(page, DEFAULT_HANDLE, DEFAULT_APP_PASSWORD)
    await page.goto(f"{web.web_url}/compose")
    tiktok = page.locator('.target[data-provider="tiktok"]')
    bluesky = page.locator('.target[data-provider="bluesky"]')

    await page.get_by_label("Text").fill(f"{WAVE} h\u00e9llo")
    await expect(tiktok.locator(".counter")).to_have_text("10 / 2200")
    await expect(bluesky.locator(".counter")).to_have_text("7 / 300")
    await page.get_by_label("Text").fill("b" * 301)
    await expect(bluesky.locator(".counter")).to_have_text("301 / 300 (1 over)")
    await expect(bluesky.locator(".counter")).to_have_class(re.compile(r"\bover\b"))

    await page.get_by_role("button", name="Save post").click()
    await expect(page.locator("#targets-error")).to_have_text("Choose at least one account.")

    # TikTok without a privacy choice or a video, Bluesky over its limit: the API names each.
    await tiktok.locator('input[name="target"]').check()
    await bluesky.locator('input[name="target"]').check()
    await page.get_by_label("Date and time", exact=True).fill("2030-01-15T09:30")
    await page.get_by_role("button", name="Save post").click()
    await expect(page.locator("#error-summary")).to_be_visible()
    privacy = tiktok.locator(".field-error", has_text="choose who can see the post")
    await expect(privacy).to_be_visible()
    field = tiktok.get_by_label("Who can see this video")
    await expect(field).to_have_attribute("aria-invalid", "true")
    await expect(field).to_have_attribute("aria-describedby", re.compile("privacy-error-"))
    await expect(bluesky.locator(".field-error")).to_contain_text("300")
    await expect(page.get_by_label("Text")).to_have_value("b" * 301)  # nothing typed is lost
    await screenshot(page, "composer-errors")

    # The draft exists now; fixing the fields and saving updates it rather than making another.
    await page.get_by_label("Text").fill("Fixed")
    await bluesky.locator('input[name="target"]').uncheck()
    await tiktok.get_by_label("Who can see this video").select_option("SELF_ONLY")
    await page.get_by_label("Keep as a draft").check()
    await page.get_by_role("button", name="Save post").click()
    await expect(page.get_by_role("status")).to_have_text("Draft saved.")
    assert page.problems == []  # type: ignore[attr-defined]


async def test_the_composer_with_the_keyboard_only(web: WebPlatform, page: Page) -> None:
    await sign_up(page, web.web_url)
    await connect_tiktok(page)
    await page.goto(f"{web.web_url}/compose")

    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Text")).to_be_focused()
    await page.keyboard.type("Typed without a mouse")
    await page.keyboard.press("Tab")
    await expect(page.get_by_label(re.compile("Sandbox Creator"))).to_be_focused()
    await page.keyboard.press("Space")
    await page.keyboard.press("Tab")
    privacy = page.get_by_label("Who can see this video")
    await expect(privacy).to_be_focused()
    await page.keyboard.type("Only")
    await expect(privacy).to_have_value("SELF_ONLY")
    for switch in ("Turn comments off", "Turn duets off", "Turn stitches off"):
        await page.keyboard.press("Tab")
        await expect(page.get_by_label(switch)).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Upload some")).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("At a date and time")).to_be_focused()
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("ArrowDown")
    await expect(page.get_by_label("Keep as a draft")).to_be_checked()
    submit = page.get_by_role("button", name="Save post")
    for _ in range(20):  # through the date's segments and the zone, to the button
        if await submit.evaluate("button => button === document.activeElement"):
            break
        await page.keyboard.press("Tab")
    await expect(submit).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/posts/post_"))
    await expect(page.get_by_role("status")).to_have_text("Draft saved.")
    await expect(page.locator(".post-text")).to_have_text("Typed without a mouse")


async def test_with_approval_required_the_composer_submits_for_approval(
    web: WebPlatform, page: Page
) -> None:
    email = await sign_up(page, web.web_url)
    await page.get_by_role("button", name="Connect Mastodon").click()
    await expect(page.get_by_role("status")).to_contain_text("Connected Mastodon")
    async with httpx.AsyncClient(base_url=web.gateway_url) as api:
        login = await api.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        turned_on = await api.put(
            "/v1/settings/publishing", json={"require_approval": True}, headers=auth
        )
        assert turned_on.status_code == 200, turned_on.text
    await page.goto(f"{web.web_url}/compose")
    await page.get_by_label("Text").fill("Needs a second pair of eyes")
    await page.get_by_label(re.compile("on Mastodon")).check()
    await page.get_by_label("Keep as a draft").check()
    await page.get_by_role("button", name="Submit for approval").click()
    await expect(page.get_by_role("status")).to_have_text("Draft saved.")
    await page.get_by_role("link", name="Edit").click()
    await page.get_by_label("At a date and time").check()
    await page.get_by_label("Date and time", exact=True).fill("2030-01-15T09:30")
    await page.get_by_role("button", name="Submit for approval").click()
    await expect(page.get_by_role("status")).to_have_text("Submitted for approval.")
    await expect(page.locator("h1 .badge")).to_have_text("Awaiting approval")


async def test_pages_fit_a_phone_screen(web: WebPlatform, page: Page) -> None:
    await page.set_viewport_size({"width": 390, "height": 844})
    await sign_up(page, web.web_url)
    for path, name in (("/compose", "composer-phone"), ("/calendar", "calendar-phone")):
        await page.goto(f"{web.web_url}{path}")
        overflow = await page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at 390 px"
        await screenshot(page, name)


async def test_a_connection_needing_reauthorisation_is_reconnected(
    web: WebPlatform, page: Page
) -> None:
    email = await sign_up(page, web.web_url)
    await connect_tiktok(page)
    for grant in web.sandbox.state.tiktok.grants.values():
        grant.revoked = True  # the person removed our app in TikTok's settings
    async with httpx.AsyncClient(base_url=web.gateway_url) as api:
        login = await api.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        listed = (await api.get("/v1/connections", headers=auth)).json()["items"]
        await api.post(f"/v1/connections/{listed[0]['id']}/refresh", headers=auth)
    await page.reload()
    await expect(page.locator(".connection .badge")).to_contain_text("Needs reconnecting")
    await screenshot(page, "connections-reauth")
    await page.get_by_role("button", name="Reconnect TikTok").click()
    await expect(page.get_by_role("status")).to_contain_text("Connected TikTok")
    await expect(page.locator(".connection .badge-active")).to_have_count(1)
