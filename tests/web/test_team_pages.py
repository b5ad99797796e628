"""Team pages in a browser: members and invitations, API keys, approvals, audit and ops log."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from sandbox.faults import Fault
from tests.web.browser import chromium, screenshot
from tests.web.pages import PASSWORD, sign_up
from tests.web.platform import WebPlatform

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def owner_headers(web: WebPlatform, email: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=web.gateway_url) as api:
        login = await api.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def reload_until(page: Page, selector: str, rounds: int = 60) -> None:
    """Reload a server-rendered page until what arrives through the event bus shows up."""
    for _ in range(rounds):
        if await page.locator(selector).count():
            return
        await asyncio.sleep(0.25)
        await page.reload()
    await expect(page.locator(selector).first).to_be_visible()


async def connect_mastodon(page: Page) -> None:
    await page.get_by_role("button", name="Connect Mastodon").click()
    await expect(page.get_by_role("status")).to_contain_text("Connected Mastodon")


async def test_members_invite_accept_change_role_and_remove(
    web: WebPlatform, page: Page, tmp_path: Path
) -> None:
    await sign_up(page, web.web_url)
    await page.goto(f"{web.web_url}/members")
    await expect(page.get_by_role("link", name="Team")).to_have_attribute("aria-current", "page")
    # The API keeps the last owner: its problem shows in the row and at the top.
    await page.get_by_role("button", name=re.compile("^Remove ")).click()
    await expect(page.locator("#error-summary")).to_be_visible()
    await expect(page.locator(".field-error")).to_contain_text("owner")

    invited = f"invited-{uuid.uuid4().hex[:8]}@example.test"
    await page.get_by_label("E-mail").fill("not-an-address")
    await page.get_by_role("button", name="Invite").click()
    await expect(page.locator("#invite-email-error")).to_be_visible()
    await expect(page.get_by_label("E-mail")).to_have_attribute("aria-invalid", "true")
    await page.get_by_label("E-mail").fill(invited)
    await page.get_by_label("Role", exact=True).select_option("editor")
    await page.get_by_role("button", name="Invite").click()
    link_field = page.get_by_label("Invitation link")
    link = await link_field.input_value()
    assert link.startswith(f"{web.web_url}/invitations/"), link
    await screenshot(page, "members-invited")
    await page.goto(f"{web.web_url}/members")  # shown once: not on the next visit
    await expect(page.get_by_label("Invitation link")).to_have_count(0)
    assert link not in await page.content()

    async with chromium(tmp_path / "invitee") as other:
        invitee = await other.new_page()
        await invitee.goto(link)
        await expect(invitee.get_by_role("heading", level=1)).to_have_text(
            "You are invited to a workspace"
        )
        await screenshot(invitee, "invitation-accept")
        await invitee.get_by_label("Email").fill(invited)
        await invitee.get_by_label("Password").fill(PASSWORD)
        await invitee.get_by_role("button", name="Sign up and accept").click()
        await expect(invitee).to_have_url(re.compile(r"/calendar/?$"))
        await expect(invitee.get_by_role("status")).to_have_text(
            "You joined Browser story as editor."
        )
        # An editor sees the team but not the owners' pages.
        await expect(invitee.get_by_role("link", name="Approvals")).to_have_count(0)
        await invitee.goto(f"{web.web_url}/approvals")
        await expect(invitee.get_by_role("heading", level=1)).to_have_text("Not allowed")

    await page.reload()
    row = page.locator("tr", has_text=invited)
    await expect(row.locator(".badge")).to_have_text("editor")
    await row.get_by_label(f"Role of {invited}", exact=True).select_option("viewer")
    await row.get_by_role("button", name=f"Change the role of {invited}").click()
    await expect(page.get_by_role("status")).to_have_text("Role changed to viewer.")
    await expect(page.locator("tr", has_text=invited).locator(".badge")).to_have_text("viewer")
    await page.locator("tr", has_text=invited).get_by_role("button", name="Remove").click()
    await expect(page.get_by_role("status")).to_have_text("Member removed.")
    await expect(page.locator("tr", has_text=invited)).to_have_count(0)
    await screenshot(page, "members")
    assert page.problems == []  # type: ignore[attr-defined]


async def test_an_invitation_is_accepted_by_a_signed_in_person_only_once(
    web: WebPlatform, page: Page, tmp_path: Path
) -> None:
    owner = await sign_up(page, web.web_url)
    async with chromium(tmp_path / "invitee") as other:
        invitee = await other.new_page()
        invited = await sign_up(invitee, web.web_url)
        headers = await owner_headers(web, owner)
        async with httpx.AsyncClient(base_url=web.gateway_url) as api:
            made = await api.post(
                "/v1/invitations", json={"email": invited, "role": "admin"}, headers=headers
            )
            assert made.status_code == 201, made.text
        found = re.search(r"/invitations/([A-Za-z0-9_-]+)", made.json()["link"])
        assert found, made.json()
        token = found.group(1)
        await invitee.goto(f"{web.web_url}/invitations/{token}")
        await invitee.get_by_role("button", name="Accept invitation").click()
        await expect(invitee.get_by_role("status")).to_have_text(
            "You joined Browser story as admin."
        )
        await expect(invitee.get_by_label("Workspace")).to_contain_text("(admin)")
        await invitee.goto(f"{web.web_url}/invitations/{token}")
        await invitee.get_by_role("button", name="Accept invitation").click()
        await expect(invitee.locator("#error-summary")).to_contain_text("cannot be used")


async def test_an_api_key_is_shown_once_works_and_is_revoked(web: WebPlatform, page: Page) -> None:
    await sign_up(page, web.web_url)
    await page.goto(f"{web.web_url}/api-keys")
    await expect(page.locator(".empty")).to_contain_text("No API key yet")
    await page.get_by_role("button", name="Create API key").click()  # no name: the API says so
    await expect(page.locator("#key-name-error")).to_be_visible()
    await page.get_by_label("Key name").fill("Nightly export")
    await page.get_by_label("Role").select_option("viewer")
    await page.get_by_role("button", name="Create API key").click()
    key = await page.get_by_label("Your new API key").input_value()
    assert key.startswith("gmj_"), key
    await page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    await page.get_by_role("button", name="Copy key").click()
    await expect(page.get_by_role("button", name="Copied")).to_be_visible()
    await screenshot(page, "api-key-created")

    async with httpx.AsyncClient(base_url=web.gateway_url) as api:
        used = await api.get("/v1/members", headers={"Authorization": f"Bearer {key}"})
        assert used.status_code == 200, used.text

    await page.goto(f"{web.web_url}/api-keys")
    assert key not in await page.content()  # only its prefix from now on
    row = page.locator("tr", has_text="Nightly export")
    prefix = (await row.locator("code").text_content() or "").rstrip("…")
    assert prefix and key.startswith(prefix), (prefix, key)
    await expect(row).to_contain_text("viewer")
    await row.get_by_role("button", name="Revoke Nightly export").click()
    await expect(page.get_by_role("status")).to_contain_text("API key revoked")
    await expect(page.locator("tr", has_text="Nightly export")).to_have_count(0)
    async with httpx.AsyncClient(base_url=web.gateway_url) as api:
        refused = await api.get("/v1/members", headers={"Authorization": f"Bearer {key}"})
        assert refused.status_code == 401, refused.text
    assert page.problems == []  # type: ignore[attr-defined]


async def _submitted_posts(web: WebPlatform, headers: dict[str, str], texts: list[str]) -> None:
    async with httpx.AsyncClient(base_url=web.gateway_url) as api:
        turned_on = await api.put(
            "/v1/settings/publishing", json={"require_approval": True}, headers=headers
        )
        assert turned_on.status_code == 200, turned_on.text
        connection = (await api.get("/v1/connections", headers=headers)).json()["items"][0]
        for text in texts:
            body: dict[str, Any] = {
                "text": text,
                "targets": [{"connection_id": connection["id"], "provider": "mastodon"}],
            }
            created = await api.post("/v1/posts", json=body, headers=headers)
            assert created.status_code == 201, created.text
            schedule = {"local_time": "2030-01-15T09:30:00", "timezone": "Europe/Paris"}
            submitted = await api.post(
                f"/v1/posts/{created.json()['post_id']}/submit",
                json={"schedule": schedule},
                headers=headers,
            )
            assert submitted.status_code == 200, submitted.text


async def test_approvals_approve_and_reject_with_a_reason(web: WebPlatform, page: Page) -> None:
    email = await sign_up(page, web.web_url)
    await page.goto(f"{web.web_url}/approvals")
    await expect(page.locator(".empty")).to_contain_text("Nothing to approve")
    await page.goto(f"{web.web_url}/connections")
    await connect_mastodon(page)
    await _submitted_posts(web, await owner_headers(web, email), ["Approve me", "Reject me"])

    await page.goto(f"{web.web_url}/approvals")
    await expect(page.locator(".approval")).to_have_count(2)
    await screenshot(page, "approvals")
    approve_card = page.locator(".approval", has_text="Approve me")
    await approve_card.get_by_role("button", name="Approve").click()
    await expect(page.get_by_role("status")).to_contain_text("Approved")
    await expect(page.locator(".approval")).to_have_count(1)

    reject_card = page.locator(".approval", has_text="Reject me")
    await reject_card.get_by_role("button", name="Reject").click()  # no reason: refused
    reason = page.locator(".approval", has_text="Reject me").get_by_label("Reason for rejecting")
    await expect(reason).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".approval .field-error")).to_be_visible()
    await reason.fill("The link is wrong")
    await (
        page.locator(".approval", has_text="Reject me").get_by_role("button", name="Reject").click()
    )
    await expect(page.get_by_role("status")).to_contain_text("Rejected")
    await expect(page.locator(".empty")).to_contain_text("Nothing to approve")

    async with httpx.AsyncClient(base_url=web.gateway_url) as api:
        headers = await owner_headers(web, email)
        posts = (await api.get("/v1/posts", headers=headers)).json()["items"]
    by_text = {p["text"]: p for p in posts}
    assert {t["state"] for t in by_text["Approve me"]["targets"]} == {"scheduled"}
    assert {t["state"] for t in by_text["Reject me"]["targets"]} == {"rejected"}
    assert by_text["Reject me"]["approval_note"] == "The link is wrong"
    assert page.problems == []  # type: ignore[attr-defined]


async def test_audit_trail_filters_verifies_and_the_ops_log_shows_a_failed_publish(
    web: WebPlatform, page: Page
) -> None:
    email = await sign_up(page, web.web_url)
    await connect_mastodon(page)
    await page.goto(f"{web.web_url}/audit")
    await reload_until(page, "table.audit tbody tr")
    await page.get_by_role("button", name="Verify the chain").click()  # htmx: the result alone
    await expect(page.locator("#chain")).to_contain_text("Chain intact")
    await screenshot(page, "audit")

    first_type = (await page.locator("table.audit tbody tr code").first.text_content()) or ""
    await page.get_by_label("Type").fill(first_type)
    await page.get_by_role("button", name="Filter").click()
    types = await page.locator("table.audit tbody td:nth-child(3) code").all_text_contents()
    assert types and set(types) == {first_type}, types
    await page.get_by_label("From").fill("2099-01-01T00:00")
    await page.get_by_role("button", name="Filter").click()
    await expect(page.locator(".empty")).to_have_text("No entry matches these filters.")
    await page.get_by_role("link", name="Clear").click()
    await page.get_by_label("Actor").select_option(label=email)
    await page.get_by_role("button", name="Filter").click()
    actors = await page.locator("table.audit tbody td:nth-child(4)").all_text_contents()
    assert actors and {a.strip() for a in actors} == {email}, actors

    await page.goto(f"{web.web_url}/ops")
    await expect(page.locator(".empty")).to_contain_text("Nothing went wrong")
    down = web.sandbox.state.faults.add(
        Fault(provider="mastodon", endpoint="statuses", kind="error", status=503)
    )
    try:
        headers = await owner_headers(web, email)
        async with httpx.AsyncClient(base_url=web.gateway_url) as api:
            connection = (await api.get("/v1/connections", headers=headers)).json()["items"][0]
            body = {
                "text": "This one fails",
                "targets": [{"connection_id": connection["id"], "provider": "mastodon"}],
            }
            created = await api.post("/v1/posts", json=body, headers=headers)
            post_id = created.json()["post_id"]
            await api.post(f"/v1/posts/{post_id}/publish-now", json={}, headers=headers)
            for _ in range(120):  # each backoff passes at once for the publisher
                post = (await api.get(f"/v1/posts/{post_id}", headers=headers)).json()
                if post["targets"][0]["state"] == "failed":
                    break
                web.clock.advance(timedelta(minutes=10))
                await asyncio.sleep(0.25)
            assert post["targets"][0]["state"] == "failed", post
    finally:
        web.sandbox.state.faults.remove(down.id)
    await reload_until(page, "table.ops tbody tr")
    failed = page.locator("table.ops tbody tr", has_text="post_failed")
    await expect(failed.locator(".trace")).to_have_text(re.compile(r"^[0-9a-f]{32}$"))
    await screenshot(page, "ops-log")
    assert page.problems == []  # type: ignore[attr-defined]


async def test_team_and_privacy_pages_fit_a_phone_screen(web: WebPlatform, page: Page) -> None:
    await page.set_viewport_size({"width": 390, "height": 844})
    await sign_up(page, web.web_url)
    for path in ("/members", "/api-keys", "/approvals", "/audit", "/ops", "/privacy"):
        await page.goto(f"{web.web_url}{path}")
        await expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = await page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at 390 px"
    await screenshot(page, "privacy-phone")
    assert page.problems == []  # type: ignore[attr-defined]
