"""After a send: poll asynchronous providers, and reconcile ambiguous outcomes."""

from __future__ import annotations

import time
from datetime import timedelta

from services.publisher.app.prepare import Stop, grant_for, prepare
from services.publisher.app.send import _finish, _trace_id
from services.publisher.app.step import Step
from services.publisher.domain.failure import failure
from services.publisher.domain.publishing import (
    ProviderStatus,
    PublishError,
    ReconcileKind,
    Reconciliation,
    StatusKind,
)
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.attempt_log import Attempt
from services.publisher.ports.target_queue import TargetChange


async def poll(step: Step) -> None:
    """Ask an asynchronous provider where an accepted post stands, within its rate budget."""
    rec, core = step.record, step.core
    provider = core.providers.get(rec.provider)
    if provider is None or rec.handle is None:
        await step.park(failure("provider_not_supported", rec.provider))
        return
    gap = max(provider.capabilities.status_poll_interval_s, 0.0)
    if not await core.targets.take_poll_slot(
        tenant_id=rec.tenant_id, connection_id=rec.connection_id, now=step.now(), gap_s=gap
    ):
        await step.later(max(gap, 0.5), rec.last_error)  # another target used the budget
        return
    try:
        grant = await grant_for(step, sent=True)
    except Stop:
        return
    try:
        status = await provider.check_status(rec.handle, grant)
    except PublishError as error:
        await step.later(error.retry_after_s or _poll_gap(step), f"status: {error.reason}")
        return
    await apply_status(step, status)


def _poll_gap(step: Step) -> float:
    policy = step.core.policy
    return min(policy.poll_cap_s, policy.poll_gap_s * 2.0 ** (step.record.polls // 3))


async def apply_status(step: Step, status: ProviderStatus) -> None:
    rec = step.record
    if status.kind is StatusKind.PUBLISHED and status.published is not None:
        await step.publish_done(status.published)
    elif status.kind is StatusKind.FAILED:
        await step.fail(failure(status.failure or "provider_rejected", status.detail))
    elif _processing_too_long(step):
        await step.unconfirm("the provider is still processing the post; checking again later")
    else:
        await step.write(
            TargetChange(
                state=TargetState.PUBLISHING,
                polls=rec.polls + 1,
                run_at=step.after(_poll_gap(step)),
            ),
            release=True,
        )


def _processing_too_long(step: Step) -> bool:
    accepted = step.record.accepted_at
    limit = timedelta(seconds=step.core.policy.poll_timeout_s)
    return accepted is not None and step.now() - accepted > limit


async def recover(step: Step) -> None:
    """A previous owner died during a send: the outcome is unknown, so reconcile it."""
    await step.unconfirm(
        "the publisher stopped while sending; checking with the provider", release=False
    )
    await reconcile(step)


async def reconcile(step: Step) -> None:
    """Find out whether the publication key produced a post; re-send only if provably absent."""
    rec, core = step.record, step.core
    post = await core.posts.start_publishing(tenant_id=rec.tenant_id, post_id=rec.post_id)
    if post is None or post.revision != rec.revision:
        await step.park(failure("reconcile_gave_up", "the post changed or was deleted"))
        return
    try:
        prepared = await prepare(step, post, sent=True)
    except Stop:
        return
    attempt = _attempt(step, prepared.request.summary())
    await core.attempts.begin(attempt)
    started = time.monotonic()
    try:
        result = await prepared.provider.reconcile(prepared.request, rec.handle, prepared.grant)
    except PublishError as error:
        result = Reconciliation(
            kind=ReconcileKind.UNKNOWN, detail=f"{error.reason}: {error.detail}"
        )
    await _finish(step, attempt, result.kind.value, result.detail, "", started)
    await _apply_reconciliation(step, result)


def _attempt(step: Step, request: dict[str, object]) -> Attempt:
    rec = step.record
    number = rec.reconciles + 1
    return Attempt(
        id=f"{rec.key}#check{step.lease.fence}",
        tenant_id=rec.tenant_id,
        post_id=rec.post_id,
        target_id=rec.id,
        key=rec.key,
        number=number,
        kind="reconcile",
        started_at=step.now(),
        request=dict(request),
        trace_id=_trace_id(),
    )


async def _apply_reconciliation(step: Step, result: Reconciliation) -> None:
    rec = step.record
    if result.kind is ReconcileKind.FOUND and result.status is not None:
        if result.handle is not None:
            await step.write(
                TargetChange(
                    handle=result.handle, state=TargetState.PUBLISHING, accepted_at=step.now()
                )
            )
        await apply_status(step, result.status)
    elif result.kind is ReconcileKind.ABSENT:
        # Provably not posted: sending again under the same key is safe.
        await step.write(
            TargetChange(state=TargetState.SCHEDULED, run_at=step.now(), last_error=result.detail),
            release=True,
        )
    elif rec.reconciles + 1 >= step.core.policy.reconcile_max:
        await step.park(failure("reconcile_gave_up", result.detail or "no answer"))
    else:
        delay = step.core.policy.reconcile_delay_s * 2.0**rec.reconciles
        await step.write(
            TargetChange(
                reconciles=rec.reconciles + 1, run_at=step.after(delay), last_error=result.detail
            ),
            release=True,
        )
