"""The composer takes each account's limits from its provider: TikTok's creator_info (privacy
options, max duration, switches the creator turned off) and the Mastodon instance's limit."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Page, expect

from sandbox.faults import Fault
from tests.web.browser import screenshot
from tests.web.pages import PASSWORD, connect_tiktok, sign_up
from tests.web.platform import WebPlatform

pytestmark = [pytest.mark.integration, pytest.mark.slow]

INSTANCE_LIMIT = 640  # not Mastodon's usual 500
CREATOR_OPTIONS = ["FOLLOWER_OF_CREATOR", "SELF_ONLY"]


async def connect_mastodon(page: Page) -> None:
    await page.get_by_role("button", name="Connect Mastodon").click()
    await expect(page.get_by_role("status")).to_contain_text("Connected Mastodon")


async def test_the_composer_lists_the_creators_options_and_the_instances_limit(
    web: WebPlatform, page: Page
) -> None:
    creator = web.sandbox.state.tiktok.account_for(None)
    creator.privacy_level_options = list(CREATOR_OPTIONS)
    creator.max_video_post_duration_sec = 180
    creator.duet_disabled = True
    web.sandbox.state.config.mastodon.max_characters = INSTANCE_LIMIT
    email = await sign_up(page, web.web_url)
    await connect_tiktok(page)
    await connect_mastodon(page)
    await page.goto(f"{web.web_url}/compose")
    tiktok = page.locator('.target[data-provider="tiktok"]')
    mastodon = page.locator('.target[data-provider="mastodon"]')

    await tiktok.locator('input[name="target"]').check()  # its settings show once chosen
    privacy = tiktok.get_by_label("Who can see this video")
    values = await privacy.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert values == ["", *CREATOR_OPTIONS]  # exactly the creator's, none preselected
    await expect(privacy).to_have_value("")
    await expect(tiktok.get_by_text("up to 180 seconds")).to_be_visible()
    duets = tiktok.get_by_label("Turn duets off")
    await expect(duets).to_be_checked()
    await expect(duets).to_be_disabled()
    await expect(tiktok.get_by_label("Turn comments off")).to_be_enabled()

    await page.get_by_label("Text").fill("a" * 10)
    await expect(mastodon.locator(".counter")).to_have_text(f"10 / {INSTANCE_LIMIT}")
    await page.get_by_label("Text").fill("a" * (INSTANCE_LIMIT + 1))
    over = f"{INSTANCE_LIMIT + 1} / {INSTANCE_LIMIT} (1 over)"
    await expect(mastodon.locator(".counter")).to_have_text(over)
    await expect(mastodon.get_by_text(f"{INSTANCE_LIMIT} characters")).to_be_visible()
    await screenshot(page, "composer-limits")

    # The creator's own "duets off" is sent although its box cannot be changed.
    await page.get_by_label("Text").fill("Limits from the provider")
    await privacy.select_option("SELF_ONLY")
    await page.get_by_label("Keep as a draft").check()
    await page.get_by_role("button", name="Save post").click()
    await expect(page.get_by_role("status")).to_have_text("Draft saved.")
    post_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    async with httpx.AsyncClient(base_url=web.gateway_url) as api:
        login = await api.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        saved = (await api.get(f"/v1/posts/{post_id}", headers=auth)).json()
    settings = saved["targets"][0]["tiktok"]
    assert settings["privacy_level"] == "SELF_ONLY"
    assert settings["disable_duet"] is True
    assert settings["disable_comment"] is False
    assert page.problems == []  # type: ignore[attr-defined]


async def test_when_creator_info_cannot_be_asked_the_page_says_so(
    web: WebPlatform, page: Page
) -> None:
    await sign_up(page, web.web_url)
    await connect_tiktok(page)
    down = web.sandbox.state.faults.add(
        Fault(provider="tiktok", kind="error", endpoint="creator_info", status=503)
    )
    try:
        await page.goto(f"{web.web_url}/compose")
        tiktok = page.locator('.target[data-provider="tiktok"]')
        await tiktok.locator('input[name="target"]').check()
        await expect(tiktok.locator(".limits-unknown")).to_contain_text(
            re.compile("did not answer with this account's current limits")
        )
        privacy = tiktok.get_by_label("Who can see this video")
        await expect(privacy.locator("option")).to_have_count(5)  # Choose… + the four levels
        await screenshot(page, "composer-limits-unknown")
    finally:
        web.sandbox.state.faults.remove(down.id)
    assert page.problems == []  # type: ignore[attr-defined]
