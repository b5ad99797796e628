"""The web app's session and defences, over real HTTP: token refresh, CSRF, CSP, cookies."""

from __future__ import annotations

import asyncio
import base64
import re
import uuid

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.web.pages import PASSWORD, sign_up
from tests.web.platform import WebPlatform
from web.gateway import Gateway, SignedOut
from web.pages.auth_pages import _safe_next
from web.session import UserSession

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def _registered(gateway: Gateway) -> dict[str, object]:
    email = f"web-{uuid.uuid4().hex[:8]}@example.test"
    body = {"email": email, "password": PASSWORD}
    created = await gateway.anonymous("POST", "/v1/auth/register", json=body)
    data: dict[str, object] = {}
    UserSession(data).store_tokens(created["tokens"])
    return data


async def test_an_expired_access_token_is_refreshed_once_for_concurrent_requests(
    web: WebPlatform,
) -> None:
    gateway = Gateway(web.gateway_url, timeout_s=10)
    try:
        data = await _registered(gateway)
        first_refresh = data["rt"]
        data["exp"] = 0  # as if 15 minutes had passed
        sessions = [UserSession(data) for _ in range(3)]
        answers = await asyncio.gather(*(gateway.call(s, "GET", "/v1/me") for s in sessions))
        assert all(a["user"]["id"] == answers[0]["user"]["id"] for a in answers)
        assert data["rt"] != first_refresh  # rotated, once: a replay would have revoked it
        data["exp"] = 0
        again = await gateway.call(UserSession(data), "GET", "/v1/me")
        assert again["user"]["id"] == answers[0]["user"]["id"]
    finally:
        await gateway.close()


async def test_a_refused_refresh_signs_the_person_out(web: WebPlatform) -> None:
    gateway = Gateway(web.gateway_url, timeout_s=10)
    try:
        data = await _registered(gateway)
        data["rt"], data["exp"] = "not-a-refresh-token", 0
        with pytest.raises(SignedOut):
            await gateway.call(UserSession(data), "GET", "/v1/me")
        assert data == {}
    finally:
        await gateway.close()


async def test_forms_need_the_csrf_token_and_pages_carry_a_strict_policy(
    web: WebPlatform,
) -> None:
    async with httpx.AsyncClient(base_url=web.web_url) as browser:
        page = await browser.get("/signup")
        policy = page.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        forged = await browser.post(
            "/signin", data={"email": "a@example.test", "password": "x" * 12}
        )
        assert forged.status_code == 403
        assert "Form expired" in forged.text
        token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        email = f"web-{uuid.uuid4().hex[:8]}@example.test"
        signed_up = await browser.post(
            "/signup",
            data={"_csrf_token": token.group(1), "email": email, "password": PASSWORD},
        )
        assert signed_up.status_code == 303
        cookie = signed_up.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
        sealed = base64.b64decode(cookie.split(";", 1)[0].split("=", 1)[1].strip('"'))
        assert b'"at"' not in sealed and b'"alg"' not in sealed  # encrypted, not just encoded
        assert email.encode() not in sealed
        unknown = await browser.get("/posts/post_nope")
        assert unknown.status_code == 404
        assert "Not found" in unknown.text
        crafted = await browser.get("/posts/..%2Fme")
        assert crafted.status_code in (400, 404)


def test_sign_in_returns_only_to_paths_of_this_site() -> None:
    assert _safe_next("/posts/post_1") == "/posts/post_1"
    for hostile in ("//evil.example", "https://evil.example", "/\\evil.example", ""):
        assert _safe_next(hostile) == "/calendar"


async def test_a_second_workspace_is_created_and_switched_to(web: WebPlatform, page: Page) -> None:
    await sign_up(page, web.web_url)
    await page.get_by_text("New workspace").click()
    await page.get_by_label("Name", exact=True).fill("Second brand")
    await page.get_by_role("button", name="Create").click()
    await expect(page.get_by_role("status")).to_have_text("Workspace 'Second brand' created.")
    switcher = page.get_by_label("Workspace", exact=True)
    await expect(switcher.locator("option:checked")).to_have_text("Second brand (owner)")
    await expect(page.locator(".connection")).to_have_count(0)  # nothing carried over
    await switcher.select_option(label="Browser story (owner)")
    await page.get_by_role("button", name="Switch").click()
    await expect(switcher.locator("option:checked")).to_have_text("Browser story (owner)")
