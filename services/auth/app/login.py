"""Use case: sign in with e-mail and password, throttled per account and per client address."""

from __future__ import annotations

from typing import NoReturn

from services.auth.app.core import AuthCore
from services.auth.app.issue_tokens import open_session, seat_for
from services.auth.domain.email import normalize_email
from services.auth.domain.errors import InvalidCredentials, InvalidEmail, LoginThrottled
from services.auth.domain.secret_token import digest
from services.auth.domain.throttle import retry_after_s
from services.auth.domain.user import User
from shared.contracts.auth import NO_TENANT, LoginFailed, LoginRequest
from shared.contracts.auth_views import TokenPair


async def login(core: AuthCore, request: LoginRequest) -> TokenPair:
    """One answer for every wrong credential; the sixth failure in a window answers 429."""
    try:
        email = normalize_email(request.email)
    except InvalidEmail:
        raise InvalidCredentials() from None
    account_key = "account:" + digest(email)  # no address stored in clear in the counters
    ip_key = "ip:" + request.client_ip if request.client_ip else ""
    await _refuse_if_throttled(core, account_key, ip_key)
    user = await core.users.by_email(email=email)
    if user is None:
        await core.passwords.verify_dummy(request.password)
        await _failed(core, account_key, ip_key, None, "unknown_account")
    elif not await core.passwords.verify(user.password_hash, request.password):
        await _failed(core, account_key, ip_key, user, "wrong_password")
    if core.passwords.needs_rehash(user.password_hash):
        new_hash = await core.passwords.hash(request.password)
        await core.users.set_password_hash(user_id=user.id, password_hash=new_hash)
    await core.attempts.clear(key=account_key)
    seat = await seat_for(core, user_id=user.id)
    return await open_session(core, user_id=user.id, seat=seat, login=True)


async def _refuse_if_throttled(core: AuthCore, account_key: str, ip_key: str) -> None:
    throttle, now = core.policy.throttle, core.clock.now_ms()
    limits = [(account_key, throttle.max_per_account)]
    if ip_key:
        limits.append((ip_key, throttle.max_per_ip))
    waits = []
    for key, limit in limits:
        count = await core.attempts.current(key=key, now_ms=now, window_s=throttle.window_s)
        wait = retry_after_s(count, limit=limit, window_s=throttle.window_s, now_ms=now)
        if wait is not None:
            waits.append(wait)
    if waits:
        raise LoginThrottled(max(waits))


async def _failed(
    core: AuthCore, account_key: str, ip_key: str, user: User | None, reason: str
) -> NoReturn:
    """Count the failure (the event rides in the counter's own write) and refuse."""
    throttle, now = core.policy.throttle, core.clock.now_ms()
    tenant = NO_TENANT
    if user is not None and (seat := await seat_for(core, user_id=user.id)) is not None:
        tenant = seat[0]
    event = LoginFailed(
        tenant_id=tenant,
        actor=user.id if user else "anonymous",
        user_id=user.id if user else "",
        reason=reason,
    )
    await core.attempts.record_failure(
        key=account_key, now_ms=now, window_s=throttle.window_s, events=[event]
    )
    if ip_key:
        await core.attempts.record_failure(
            key=ip_key, now_ms=now, window_s=throttle.window_s, events=[]
        )
    raise InvalidCredentials()
