"""Sign-up, sign-in, refresh and privacy acceptance in the core, with fakes of every port."""

from __future__ import annotations

import pytest

from services.auth.app.login import login
from services.auth.app.logout import logout
from services.auth.app.record_privacy_acceptance import record_privacy_acceptance
from services.auth.app.refresh_session import refresh_session
from services.auth.app.register import register
from services.auth.domain import errors
from services.auth.domain.throttle import ThrottlePolicy
from shared.contracts import auth as c
from shared.contracts import auth_views as v
from shared.tenancy import RequestContext
from tests.auth.fake_core import FakeAuth

PASSWORD = "a long enough secret"


async def registered(auth: FakeAuth, email: str = "ada@example.test") -> v.Registered:
    return await register(auth.core, c.RegisterRequest(email=email, password=PASSWORD))


def sign_in(
    email: str = "ada@example.test", password: str = PASSWORD, ip: str = ""
) -> c.LoginRequest:
    return c.LoginRequest(email=email, password=password, client_ip=ip)


async def test_registration_creates_the_account_its_workspace_and_owner_membership() -> None:
    auth = FakeAuth()
    done = await registered(auth, " Ada@Example.TEST ")
    assert done.user.email == "ada@example.test" and done.workspace.role == "owner"
    assert auth.log.types() == [
        "auth.user_registered",
        "auth.workspace_created",
        "auth.member_added",
    ]
    assert {e.tenant_id for e in auth.log.events} == {done.workspace.id}
    claims = auth.signer.claims_of(done.tokens.access_token)
    assert (claims["sub"], claims["tid"], claims["role"]) == (
        done.user.id,
        done.workspace.id,
        "owner",
    )
    with pytest.raises(errors.EmailTaken):
        await registered(auth, "ADA@example.test")


async def test_a_weak_password_is_refused_with_every_reason_before_any_hashing() -> None:
    auth = FakeAuth()
    with pytest.raises(errors.WeakPassword) as refused:
        await register(auth.core, c.RegisterRequest(email="a@b.co", password="a@b.co"))
    assert refused.value.reasons == ["too_short", "same_as_email"]
    assert auth.passwords.hashed == 0 and not auth.users.users


async def test_unknown_account_and_wrong_password_fail_alike_and_spend_a_verification() -> None:
    auth = FakeAuth()
    await registered(auth)
    with pytest.raises(errors.InvalidCredentials):
        await login(auth.core, sign_in("nobody@example.test"))
    with pytest.raises(errors.InvalidCredentials):
        await login(auth.core, sign_in(password="wrong password!"))
    assert auth.passwords.dummy_checks == 1
    failed = [e for e in auth.log.events if isinstance(e, c.LoginFailed)]
    assert [(e.reason, e.tenant_id == c.NO_TENANT) for e in failed] == [
        ("unknown_account", True),
        ("wrong_password", False),
    ]


async def test_the_sixth_failure_within_the_window_is_throttled_until_it_ends() -> None:
    auth = FakeAuth()
    await registered(auth)
    for _ in range(5):
        with pytest.raises(errors.InvalidCredentials):
            await login(auth.core, sign_in(password="wrong password!"))
    with pytest.raises(errors.LoginThrottled) as throttled:
        await login(auth.core, sign_in())  # even the right password waits
    assert throttled.value.retry_after_s == 900
    auth.clock.advance(900)
    assert (await login(auth.core, sign_in())).access_token


async def test_one_address_failing_on_many_accounts_is_throttled_too() -> None:
    auth = FakeAuth(throttle=ThrottlePolicy(window_s=60, max_per_account=5, max_per_ip=3))
    for n in range(3):
        with pytest.raises(errors.InvalidCredentials):
            await login(auth.core, sign_in(f"guess{n}@example.test", ip="203.0.113.9"))
    with pytest.raises(errors.LoginThrottled):
        await login(auth.core, sign_in("another@example.test", ip="203.0.113.9"))
    with pytest.raises(errors.InvalidCredentials):
        await login(auth.core, sign_in("another@example.test", ip="198.51.100.1"))


async def test_a_changed_work_factor_rehashes_the_password_at_the_next_sign_in() -> None:
    auth = FakeAuth()
    done = await registered(auth)
    auth.passwords.cost = 2
    await login(auth.core, sign_in())
    assert auth.users.users[done.user.id].password_hash.startswith("fake$2$")


async def test_refresh_rotates_and_a_reused_token_revokes_the_whole_family() -> None:
    auth = FakeAuth()
    first = (await registered(auth)).tokens
    second = await refresh_session(auth.core, c.RefreshRequest(refresh_token=first.refresh_token))
    assert second.refresh_token != first.refresh_token
    with pytest.raises(errors.RefreshTokenReused):
        await refresh_session(auth.core, c.RefreshRequest(refresh_token=first.refresh_token))
    with pytest.raises(errors.InvalidRefreshToken):  # the thief's copy and ours are both dead
        await refresh_session(auth.core, c.RefreshRequest(refresh_token=second.refresh_token))


async def test_logout_revokes_the_family_and_reveals_nothing_about_unknown_tokens() -> None:
    auth = FakeAuth()
    tokens = (await registered(auth)).tokens
    assert (await logout(auth.core, c.LogoutRequest(refresh_token="gmr_x.ses_nope"))).ok
    await logout(auth.core, c.LogoutRequest(refresh_token=tokens.refresh_token))
    with pytest.raises(errors.InvalidRefreshToken):
        await refresh_session(auth.core, c.RefreshRequest(refresh_token=tokens.refresh_token))


async def test_continued_use_after_a_new_policy_version_is_recorded_once() -> None:
    auth = FakeAuth()
    done = await registered(auth)
    assert auth.signer.claims_of(done.tokens.access_token)["pv"] == "v1"
    auth.with_policy(privacy_policy_version="v2")
    auth.clock.advance(60)
    ctx = RequestContext(tenant_id=None, actor=done.user.id)
    first = await record_privacy_acceptance(auth.core, c.RecordPrivacyAcceptanceRequest(ctx=ctx))
    auth.clock.advance(60)
    again = await record_privacy_acceptance(auth.core, c.RecordPrivacyAcceptanceRequest(ctx=ctx))
    assert first.accepted_version == "v2" and again.accepted_at == first.accepted_at
    with pytest.raises(errors.UserCredentialRequired):
        api_key_ctx = RequestContext(tenant_id=None, actor="key_1")
        await record_privacy_acceptance(
            auth.core, c.RecordPrivacyAcceptanceRequest(ctx=api_key_ctx)
        )
