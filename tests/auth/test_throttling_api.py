"""Login throttling through the gateway: per account, per client address, Retry-After."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.auth.helpers import PASSWORD, register, unique_email
from tests.auth.platform import Platform, identity_settings, running

pytestmark = pytest.mark.integration


@pytest.fixture
async def strict(settings: Settings, telemetry: Telemetry) -> AsyncIterator[Platform]:
    """Five failures per account, eight per address, in a 15-minute window."""
    tuned = identity_settings(settings, login_max_failures_per_ip=8)
    async with running(tuned, telemetry) as platform:
        yield platform


async def login(
    http: httpx.AsyncClient, email: str, password: str, **headers: str
) -> httpx.Response:
    return await http.post(
        "/v1/auth/login", json={"email": email, "password": password}, headers=headers
    )


async def test_five_failures_on_an_account_make_the_sixth_attempt_429(strict: Platform) -> None:
    victim = await register(strict.http)
    for _ in range(5):
        assert (await login(strict.http, victim.email, "wrong password!")).status_code == 401
    throttled = await login(strict.http, victim.email, PASSWORD)
    assert throttled.status_code == 429
    assert throttled.headers["content-type"] == "application/problem+json"
    assert throttled.json()["code"] == "rate_limited"
    assert 0 < int(throttled.headers["retry-after"]) <= 900
    # Another account from the same address is unaffected (address limit not reached).
    other = await register(strict.http)
    assert (await login(strict.http, other.email, PASSWORD)).status_code == 200


async def test_failures_across_accounts_from_one_address_are_throttled_and_xff_is_ignored(
    strict: Platform,
) -> None:
    for n in range(8):
        # A forged X-Forwarded-For must not spread the failures over fake addresses.
        spoofed = {"X-Forwarded-For": f"203.0.113.{n}"}
        response = await login(strict.http, unique_email("guess"), "wrong password!", **spoofed)
        assert response.status_code == 401
    fresh = await register(strict.http)
    throttled = await login(strict.http, fresh.email, PASSWORD)
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0


async def test_success_before_the_limit_resets_the_account_counter(strict: Platform) -> None:
    user = await register(strict.http)
    # 3 + 3 failures: six would throttle the account, but the success in between resets it
    # (the address counter, at six of eight, is never reset by a success).
    for _round in range(2):
        for _ in range(3):
            assert (await login(strict.http, user.email, "wrong password!")).status_code == 401
        assert (await login(strict.http, user.email, PASSWORD)).status_code == 200
