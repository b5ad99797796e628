"""Every bad callback is refused with its own code, and nothing is stored."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import msgspec
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from sandbox.consent import Consent
from sandbox.faults import Fault
from sandbox.runner import RunningSandbox
from services.auth.adapters.provider_settings import ProviderSettings
from services.auth.app.complete_authorization import CallbackInput, complete_authorization
from services.auth.app.connection_context import ConnectionContext
from services.auth.app.start_authorization import start_authorization
from services.auth.domain.oauth_transaction import CallbackRefusal, CallbackRefused
from tests.connections.test_oauth_round_trips import consent

pytestmark = pytest.mark.integration


class Flow:
    """One started authorisation and the provider's answer, ready to be tampered with."""

    def __init__(
        self,
        ctx: ConnectionContext,
        http: httpx.AsyncClient,
        settings: ProviderSettings,
        sb: RunningSandbox,
    ) -> None:
        self.ctx, self.http, self.settings, self.sb = ctx, http, settings, sb

    async def answer(self, provider: str = "tiktok", binding: str = "") -> CallbackInput:
        started = await start_authorization(
            self.ctx,
            tenant_id="w_1",
            user_id="u_1",
            provider=provider,
            redirect_uri=self.settings.redirect_uri(provider),
            browser_binding=binding,
        )
        query = await consent(self.http, started.authorize_url)
        known = set(CallbackInput.__struct_fields__)
        return CallbackInput(provider=provider, **{k: v for k, v in query.items() if k in known})


Case = Callable[[Flow], Awaitable[CallbackInput]]


async def missing_state(flow: Flow) -> CallbackInput:
    return msgspec.structs.replace(await flow.answer(), state="")


async def forged_state(flow: Flow) -> CallbackInput:
    return msgspec.structs.replace(await flow.answer(), state="forged-" + "x" * 40)


async def replayed_state(flow: Flow) -> CallbackInput:
    answer = await flow.answer()
    await complete_authorization(flow.ctx, answer)
    await flow.ctx.connections.delete(
        tenant_id="w_1",
        connection_id=(await flow.ctx.connections.list_all(tenant_id="w_1"))[0].id,
        events=[],
    )
    return answer


async def expired_state(flow: Flow) -> CallbackInput:
    answer = await flow.answer()
    flow.ctx = dataclasses.replace(flow.ctx, clock=_later(flow.ctx, timedelta(minutes=11)))
    return answer


async def other_user(flow: Flow) -> CallbackInput:
    return msgspec.structs.replace(await flow.answer(), caller_user_id="u_2")


async def other_browser(flow: Flow) -> CallbackInput:
    answer = await flow.answer(binding="browser-one")
    return msgspec.structs.replace(answer, browser_binding="browser-two")


async def code_at_the_wrong_provider(flow: Flow) -> CallbackInput:
    return msgspec.structs.replace(await flow.answer("tiktok"), provider="mastodon")


async def access_denied(flow: Flow) -> CallbackInput:
    flow.sb.state.consents.add(Consent(provider="tiktok", deny=True))
    return await flow.answer()


async def token_endpoint_error(flow: Flow) -> CallbackInput:
    answer = await flow.answer()
    flow.sb.state.faults.add(Fault(provider="tiktok", kind="error", endpoint="token", status=500))
    return answer


async def code_missing(flow: Flow) -> CallbackInput:
    return msgspec.structs.replace(await flow.answer(), code="")


def _later(ctx: ConnectionContext, delta: timedelta) -> Callable[[], Any]:
    base = ctx.clock
    return lambda: base() + delta


CASES: list[tuple[Case, CallbackRefusal]] = [
    (missing_state, CallbackRefusal.MISSING_STATE),
    (forged_state, CallbackRefusal.UNKNOWN_STATE),
    (replayed_state, CallbackRefusal.REPLAYED_STATE),
    (expired_state, CallbackRefusal.EXPIRED_STATE),
    (other_user, CallbackRefusal.OTHER_USER),
    (other_browser, CallbackRefusal.OTHER_BROWSER),
    (code_at_the_wrong_provider, CallbackRefusal.WRONG_PROVIDER),
    (access_denied, CallbackRefusal.ACCESS_DENIED),
    (token_endpoint_error, CallbackRefusal.EXCHANGE_FAILED),
    (code_missing, CallbackRefusal.MISSING_CODE),
]


@pytest.mark.parametrize(("case", "refusal"), CASES, ids=[c.__name__ for c, _ in CASES])
async def test_the_callback_refuses_and_stores_nothing(
    case: Case,
    refusal: CallbackRefusal,
    connections: ConnectionContext,
    provider_http: httpx.AsyncClient,
    provider_settings: ProviderSettings,
    sb: RunningSandbox,
    db: AsyncDatabase[Any],
) -> None:
    flow = Flow(connections, provider_http, provider_settings, sb)
    callback = await case(flow)
    with pytest.raises(CallbackRefused) as refused:
        await complete_authorization(flow.ctx, callback)
    assert refused.value.reason is refusal
    live = await db.connections.count_documents({"deleted": {"$ne": True}})
    assert live == 0
