"""A fresh send: attempt recorded first, provider called, its handle persisted at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from datetime import datetime
from typing import TypeVar

from opentelemetry import trace

from services.publisher.app import events
from services.publisher.app.disclosure import disclosed
from services.publisher.app.prepare import Prepared, Stop, prepare
from services.publisher.app.step import Step, log
from services.publisher.domain.failure import failure
from services.publisher.domain.publishing import ErrorKind, PublishAccepted, PublishError
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.attempt_log import Attempt
from services.publisher.ports.target_queue import TargetChange

T = TypeVar("T")


async def send(step: Step) -> None:
    """Take a scheduled target to published, processing, retry-wait, failed or unconfirmed."""
    rec = step.record
    post = await step.core.posts.start_publishing(tenant_id=rec.tenant_id, post_id=rec.post_id)
    if post is None:
        await step.cancel("post_deleted")
        return
    try:
        prepared = await prepare(step, post)
    except Stop:
        return
    attempt = await _open_attempt(step, prepared)
    started = time.monotonic()
    try:
        accepted = await with_heartbeat(
            step, prepared.provider.publish(prepared.request, prepared.grant)
        )
    except PublishError as error:
        await _on_error(step, error, attempt, started)
        return
    except Exception as exc:  # an adapter bug: we cannot know whether the post went out
        log.exception("provider adapter raised", extra={"target_id": rec.id})
        unknown = PublishError(ErrorKind.AMBIGUOUS, "adapter_error", repr(exc)[:300])
        await _on_error(step, unknown, attempt, started)
        return
    await _on_accepted(step, accepted, attempt, started)


def _lateness_ms(now: datetime, due: datetime | None) -> int | None:
    return None if due is None else max(0, int((now - due).total_seconds() * 1000))


async def _open_attempt(step: Step, prepared: Prepared) -> Attempt:
    """The durable mark that a call is about to happen, written before the call itself."""
    rec, request, now = step.record, prepared.request, step.now()
    number = rec.sends + 1 if rec.key == request.key else 1
    lateness = rec.lateness_ms if rec.lateness_ms is not None else _lateness_ms(now, rec.due_at)
    await step.write(
        TargetChange(
            state=TargetState.PUBLISHING,
            key=request.key,
            revision=request.revision,
            sends=number,
            attempt_open=number,
            lateness_ms=lateness if lateness is not None else 0,
            sent_at=now if number == 1 else rec.sent_at,
        ),
        (events.publishing(rec, number, lateness), disclosed(rec, request, number, now)),
    )
    attempt = Attempt(
        # The fence is unique per claim, so a retry a person asked for gets its own entry.
        id=f"{request.key}#{step.lease.fence}",
        tenant_id=rec.tenant_id,
        post_id=rec.post_id,
        target_id=rec.id,
        key=request.key,
        number=number,
        kind="publish",
        started_at=now,
        request=request.summary(),
        trace_id=_trace_id(),
    )
    await step.core.attempts.begin(attempt)
    return attempt


def _trace_id() -> str:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else ""


async def with_heartbeat(step: Step, call: Awaitable[T]) -> T:
    """Run a provider call while renewing the lease, so a slow upload is not taken over."""
    every = step.core.policy.lease_s / 3

    async def renew() -> None:
        while True:
            await asyncio.sleep(every)
            until = step.after(step.core.policy.lease_s)
            if not await step.core.targets.renew(step.record, step.lease, until=until):
                log.warning(
                    "lease lost during a provider call", extra={"target_id": step.record.id}
                )
                return

    beat = asyncio.create_task(renew())
    try:
        return await call
    finally:
        beat.cancel()


async def _finish(
    step: Step, attempt: Attempt, outcome: str, answer: str, error: str, started: float
) -> None:
    await step.core.attempts.finish(
        tenant_id=attempt.tenant_id,
        attempt_id=attempt.id,
        outcome=outcome,
        answer=answer,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )


async def _on_accepted(
    step: Step, accepted: PublishAccepted, attempt: Attempt, started: float
) -> None:
    if accepted.published is not None:
        await step.publish_done(accepted.published, accepted.handle)
        await _finish(step, attempt, "published", accepted.published.url, "", started)
        return
    # Asynchronous provider: the handle is all we have; keep it before anything else.
    await step.write(
        TargetChange(
            handle=accepted.handle,
            accepted_at=step.now(),
            attempt_open=0,
            polls=0,
            run_at=step.after(step.core.policy.poll_gap_s),
        ),
        release=True,
    )
    await _finish(
        step, attempt, "accepted", f"{accepted.handle.kind}={accepted.handle.value}", "", started
    )


async def _on_error(step: Step, error: PublishError, attempt: Attempt, started: float) -> None:
    rec, retry = step.record, step.core.policy.retry
    if error.kind is ErrorKind.AMBIGUOUS:
        await step.unconfirm(f"{error.reason}: {error.detail}"[:300])
    elif error.retryable and not retry.exhausted(rec.sends):
        delay = retry.delay_s(rec.sends, retry_after_s=error.retry_after_s)
        await step.write(
            TargetChange(
                state=TargetState.SCHEDULED,
                attempt_open=0,
                run_at=step.after(delay),
                last_error=f"{error.reason}: {error.detail}"[:300],
            ),
            release=True,
        )
    elif error.retryable:
        code = (
            "provider_rate_limited" if error.retry_after_s is not None else "provider_unavailable"
        )
        await step.fail(failure(code, f"{error.reason}: {error.detail}"))
    else:
        await step.fail(failure(error.reason, error.detail))
    await _finish(step, attempt, error.kind.value, error.answer, error.reason, started)
