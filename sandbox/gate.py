"""The provider middleware: counts calls, injects faults, enforces rate limits, renders errors."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from sandbox.faults import HOLD_KINDS, LATENCY_KINDS, TERMINAL_KINDS, Fault
from sandbox.ratelimit import Verdict
from sandbox.replies import Reply, abort_connection, send_reply
from sandbox.state import SandboxState
from sandbox.tokens import bearer, fingerprint

HOLD_POLL_S = 0.02


class ProviderStyle(Protocol):
    """How one provider words injected failures and advertises its rate limits."""

    def fault_error(self, endpoint: str, status: int) -> Reply: ...

    def rate_limited(self, endpoint: str, verdict: Verdict, now: float) -> Reply: ...

    def limit_headers(self, verdict: Verdict, now: float) -> dict[str, str]: ...


class ProviderGate(ASGIMiddleware):
    """Runs around every provider handler (those whose `opt` names a provider endpoint)."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, state: SandboxState, styles: dict[str, ProviderStyle]) -> None:
        self.state = state
        self.styles = styles

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        opt: dict[str, Any] = scope["route_handler"].opt
        provider, name = opt.get("provider"), opt.get("endpoint")
        if not provider or not name:
            await next_app(scope, receive, send)
            return
        caller = fingerprint(bearer(Headers.from_scope(scope).get("authorization")))
        self.state.counters.count_call(provider, name, caller)
        await self._delay(provider, name)
        fired = self.state.faults.take(provider, name, TERMINAL_KINDS, first_only=True)
        fault = fired[0] if fired else None
        if fault is not None and fault.kind != "reset_after":
            await self._misbehave(fault, provider, name, send)
            return
        extra: dict[str, str] = {}
        if not opt.get("limit_in_handler"):
            verdict = self._limit(scope, provider, name, caller)
            if verdict is not None and not verdict.allowed:
                reply = self.styles[provider].rate_limited(name, verdict, self.state.clock.now())
                await send_reply(send, reply)
                return
            if verdict is not None:
                extra = self.styles[provider].limit_headers(verdict, self.state.clock.now())
        if fault is not None:
            await self._run_then_abort(scope, receive, send, next_app)
            return
        holds = self.state.faults.take(provider, name, HOLD_KINDS)
        if holds:
            await self._run_then_hold(scope, receive, send, next_app, extra, holds)
        else:
            await self._run(scope, receive, send, next_app, extra)

    async def _delay(self, provider: str, name: str) -> None:
        latency = sum(f.latency_ms for f in self.state.faults.take(provider, name, LATENCY_KINDS))
        if latency > 0:
            await asyncio.sleep(latency / 1000)

    async def _misbehave(self, fault: Fault, provider: str, name: str, send: Send) -> None:
        """A fault that answers instead of the handler: reset-before, 5xx or 429."""
        if fault.kind == "reset_before":
            await abort_connection(send)
        style, now = self.styles[provider], self.state.clock.now()
        if fault.kind == "error":
            reply = style.fault_error(name, fault.status)
        else:
            limit = Verdict(False, 1, 0, now + fault.retry_after_s, float(fault.retry_after_s))
            reply = style.rate_limited(name, limit, now)
        await send_reply(send, reply, fault.headers)

    def _limit(self, scope: Scope, provider: str, name: str, caller: str) -> Verdict | None:
        limits = self.state.config.limits_for(provider)
        rules = [*limits.get(name, []), *limits.get("*", [])]
        if not rules:
            return None
        client = scope.get("client") or ("?", 0)
        who = caller if caller != "-" else f"ip:{client[0]}"
        return self.state.limiter.hit((provider, name, who), rules, self.state.clock.now())

    async def _run(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        next_app: ASGIApp,
        extra: dict[str, str],
    ) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start" and extra:
                added = [(k.lower().encode(), v.encode()) for k, v in extra.items()]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            await send(message)

        # Handlers raise ProviderError; the app's exception handler renders it inside
        # next_app, so error answers also pass through here (and get the headers).
        await next_app(scope, receive, send_with_headers)

    async def _run_then_hold(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        next_app: ASGIApp,
        extra: dict[str, str],
        holds: list[Fault],
    ) -> None:
        """Hold-answer: the handler's effect happens now, its answer leaves only later."""
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)

        await self._run(scope, receive, capture, next_app, extra)
        await self._hold(holds)
        for message in captured:
            await send(message)

    async def _hold(self, holds: list[Fault]) -> None:
        """Wait the longest hold, ending early once every holding rule has been removed."""
        deadline = time.monotonic() + max(f.latency_ms for f in holds) / 1000
        ids = [f.id for f in holds]
        # Polled: the rule can be removed over the control API or by a state reset, and the
        # book is replaced on reset, so there is no single object to hang an Event on.
        while time.monotonic() < deadline and any(self.state.faults.active(i) for i in ids):  # noqa: ASYNC110
            await asyncio.sleep(HOLD_POLL_S)

    async def _run_then_abort(
        self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp
    ) -> None:
        """Reset-after: the handler's effect happens, the client only sees a broken answer."""
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)

        await next_app(scope, receive, capture)
        start = next(m for m in captured if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in captured if m["type"] == "http.response.body")
        await abort_connection(
            send, start["status"], list(start.get("headers", [])), body[: len(body) // 2]
        )
