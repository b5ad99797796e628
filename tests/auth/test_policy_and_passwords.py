"""Privacy-policy acceptance by continued use, and password hashing that follows the settings."""

from __future__ import annotations

import pytest

from services.auth.adapters.argon2_password_hasher import Argon2PasswordHasher
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.auth.helpers import PASSWORD, register
from tests.auth.platform import drop_databases, identity_settings, running


async def test_production_hashing_is_at_least_the_rfc_9106_low_memory_profile() -> None:
    defaults = Settings()
    assert defaults.argon2_time_cost >= 3
    assert defaults.argon2_memory_kib >= 65536
    assert defaults.argon2_parallelism >= 4
    hasher = Argon2PasswordHasher(
        time_cost=defaults.argon2_time_cost,
        memory_kib=defaults.argon2_memory_kib,
        parallelism=defaults.argon2_parallelism,
    )
    hashed = await hasher.hash(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert await hasher.verify(hashed, PASSWORD) and not await hasher.verify(hashed, "nope")
    assert not hasher.needs_rehash(hashed)


@pytest.mark.integration
async def test_a_changed_work_factor_rehashes_at_the_next_sign_in(
    settings: Settings, telemetry: Telemetry
) -> None:
    before = identity_settings(settings)
    after = identity_settings(settings, argon2_time_cost=2, argon2_memory_kib=512)
    try:
        async with running(before, telemetry, keep_data=True) as platform:
            user = await register(platform.http)
            stored = await platform.db.users.find_one({"_id": user.user_id})
            assert "$m=256,t=1,p=1$" in stored["password_hash"]
        async with running(after, telemetry, keep_data=True) as platform:
            login = await platform.http.post(
                "/v1/auth/login", json={"email": user.email, "password": PASSWORD}
            )
            assert login.status_code == 200
            stored = await platform.db.users.find_one({"_id": user.user_id})
            assert "$m=512,t=2,p=1$" in stored["password_hash"]
    finally:
        await drop_databases(settings)


@pytest.mark.integration
async def test_first_use_after_a_new_policy_version_records_acceptance(
    settings: Settings, telemetry: Telemetry
) -> None:
    v1 = identity_settings(settings, privacy_policy_version="2026-01")
    v2 = identity_settings(settings, privacy_policy_version="2026-06")
    try:
        async with running(v1, telemetry, keep_data=True) as platform:
            user = await register(platform.http)
        async with running(v2, telemetry, keep_data=True) as platform:
            # The access token predates v2: using it is the continued use that accepts v2.
            used = await platform.http.get("/v1/workspaces", headers=user.headers)
            assert used.status_code == 200
            me = (await platform.http.get("/v1/me", headers=user.headers)).json()["privacy"]
            assert me["current_version"] == me["accepted_version"] == "2026-06"
            again = (await platform.http.get("/v1/me", headers=user.headers)).json()["privacy"]
            assert again["accepted_at"] == me["accepted_at"]  # the first use is the evidence
            records = await platform.db.privacy_acceptances.find(
                {"user_id": user.user_id}
            ).to_list()
            assert sorted((r["version"], r["accepted_by"]) for r in records) == [
                ("2026-01", "registration"),
                ("2026-06", "continued_use"),
            ]
    finally:
        await drop_databases(settings)
