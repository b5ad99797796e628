"""Privacy pages in a browser: an export from request to download, erasure from its
confirmation to the person signed out for good, retention settings, and the disclosure
ledger after a real publish."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.web.browser import screenshot
from tests.web.pages import PASSWORD, sign_up
from tests.web.platform import WebPlatform

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_an_export_request_completes_and_downloads(
    web: WebPlatform, page: Page, tmp_path: Path
) -> None:
    email = await sign_up(page, web.web_url)
    await page.goto(f"{web.web_url}/privacy")
    await expect(page.locator(".empty")).to_contain_text("not filed a request")
    await page.get_by_role("button", name="Request an export").click()
    await expect(page).to_have_url(re.compile(r"/privacy/requests/[A-Za-z0-9_-]+$"))
    request_id = page.url.rsplit("/", 1)[-1]
    # htmx polls the status while the saga runs; the link appears once every service is done.
    await expect(page.locator("#request-status")).to_have_text("completed", timeout=30_000)
    await screenshot(page, "privacy-export")
    async with page.expect_download() as started:
        await page.get_by_role("link", name="Download my data (JSON)").click()
    download = await started.value
    assert download.suggested_filename == f"gamontj-export-{request_id}.json"
    saved = tmp_path / "export.json"
    await download.save_as(saved)
    bundle = json.loads(saved.read_text())
    assert bundle["request_id"] == request_id
    assert {part["service"] for part in bundle["parts"]} == {"auth", "media", "publisher", "audit"}
    assert email in saved.read_text()  # the person's own account is in their export

    await page.goto(f"{web.web_url}/privacy")
    mine = page.get_by_role("list", name="Your requests")
    await expect(mine.locator(".badge")).to_have_text("completed")
    await expect(mine.get_by_role("link", name="Download")).to_be_visible()
    assert page.problems == []  # type: ignore[attr-defined]


async def test_deleting_my_data_asks_for_confirmation_first(web: WebPlatform, page: Page) -> None:
    await sign_up(page, web.web_url)
    await page.goto(f"{web.web_url}/privacy")
    await page.get_by_role("button", name="Delete my data").click()
    box = page.get_by_label("I understand that my data is deleted for good")
    await expect(box).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#confirm-error")).to_contain_text("Tick the box")
    await expect(page.locator(".empty")).to_contain_text("not filed a request")  # nothing filed
    await screenshot(page, "privacy")
    assert page.problems == []  # type: ignore[attr-defined]


async def test_deleting_my_data_erases_me_and_signs_me_out(web: WebPlatform, page: Page) -> None:
    email = await sign_up(page, web.web_url)
    # Something of theirs to erase: a connection and a draft post in their own workspace.
    await page.get_by_role("button", name="Connect Mastodon").click()
    await expect(page.get_by_role("status")).to_contain_text("Connected Mastodon")
    await page.goto(f"{web.web_url}/compose")
    await page.get_by_label("Text").fill("Soon forgotten")
    await page.get_by_label(re.compile("on Mastodon")).check()
    await page.get_by_label("Keep as a draft").check()
    await page.get_by_role("button", name="Save post").click()
    await expect(page.get_by_role("status")).to_have_text("Draft saved.")

    stale_cookies = await page.context.cookies()  # a second tab's session, from before
    await page.goto(f"{web.web_url}/privacy")
    await page.get_by_label("I understand that my data is deleted for good").check()
    await page.get_by_role("button", name="Delete my data").click()
    # The request page polls while the saga runs; once it completes the person no longer
    # exists, so the web app signs them out and says why.
    # Whichever notices first — the request page's own call or the layout's /v1/me — signs
    # them out; the latter keeps the page as `next`, which leads nowhere once they are gone.
    await expect(page).to_have_url(re.compile(r"/signin(\?next=[^&]*)?$"), timeout=30_000)
    await expect(page.get_by_role("status")).to_have_text("Your data was deleted.")
    await screenshot(page, "privacy-erased")

    # Any other page opened with the session from before signs out too, not an error page.
    browser = page.context.browser
    assert browser is not None
    other = await browser.new_context()
    try:
        await other.add_cookies(stale_cookies)  # type: ignore[arg-type]
        tab = await other.new_page()
        await tab.goto(f"{web.web_url}/calendar")
        await expect(tab).to_have_url(re.compile(r"/signin\?next=%2Fcalendar$"))
        await expect(tab.get_by_role("status")).to_have_text("Your data was deleted.")
    finally:
        await other.close()

    await page.goto(f"{web.web_url}/privacy")  # the old session opens nothing
    await expect(page).to_have_url(re.compile(r"/signin\?next=%2Fprivacy$"))
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.locator("#error-summary")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/signin$"))
    assert page.problems == []  # type: ignore[attr-defined]


async def test_retention_settings_are_saved_and_bad_values_named(
    web: WebPlatform, page: Page
) -> None:
    await sign_up(page, web.web_url)
    await page.goto(f"{web.web_url}/privacy")
    await page.get_by_role("link", name="Retention settings").click()
    ops = page.get_by_label(re.compile("^Operational log"))
    assert int(await ops.input_value()) > 0  # the current value is shown

    await ops.fill("400")  # above the API's bound
    await page.get_by_role("button", name="Save retention").click()
    await expect(ops).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#ops_log_days-error")).to_be_visible()
    await expect(ops).to_have_value("400")  # what was typed stays

    await ops.fill("45")
    await page.get_by_label(re.compile("^Untouched drafts")).fill("60")
    await page.get_by_role("button", name="Save retention").click()
    await expect(page.get_by_role("status")).to_have_text("Retention saved.")
    await page.reload()
    await expect(ops).to_have_value("45")
    await expect(page.get_by_label(re.compile("^Untouched drafts"))).to_have_value("60")
    await screenshot(page, "retention")
    assert page.problems == []  # type: ignore[attr-defined]


async def test_the_disclosure_ledger_lists_a_publish(web: WebPlatform, page: Page) -> None:
    email = await sign_up(page, web.web_url)
    await page.get_by_role("button", name="Connect Mastodon").click()
    await expect(page.get_by_role("status")).to_contain_text("Connected Mastodon")
    await page.goto(f"{web.web_url}/privacy/disclosures")
    await expect(page.locator(".empty")).to_contain_text("Nothing has been sent")

    async with httpx.AsyncClient(base_url=web.gateway_url) as api:
        login = await api.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        connection = (await api.get("/v1/connections", headers=headers)).json()["items"][0]
        body = {
            "text": "Disclosed on purpose",
            "targets": [{"connection_id": connection["id"], "provider": "mastodon"}],
        }
        created = await api.post("/v1/posts", json=body, headers=headers)
        post_id = created.json()["post_id"]
        started = await api.post(f"/v1/posts/{post_id}/publish-now", json={}, headers=headers)
        assert started.status_code == 200, started.text

    rows = page.locator("table tbody tr")
    for _ in range(120):  # the ledger fills from the publisher's events
        await page.reload()
        if await rows.count():
            break
        await asyncio.sleep(0.25)
    await expect(rows.first).to_contain_text("Mastodon")
    await expect(rows.first.get_by_role("link", name=post_id)).to_be_visible()
    await page.get_by_label("Provider").select_option("tiktok")
    await page.get_by_role("button", name="Show").click()
    await expect(page.locator(".empty")).to_contain_text("Nothing was sent to TikTok")
    await screenshot(page, "disclosures")
    assert page.problems == []  # type: ignore[attr-defined]
