"""Use case: a person retries a failed target, or asks again about an unconfirmed one."""

from __future__ import annotations

from services.publisher.app import events
from services.publisher.app.context import Publisher
from services.publisher.app.details import PostDetails, load_details, load_post
from services.publisher.domain.errors import InvalidTransition, NotFound
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.roles import require_writer
from services.publisher.domain.schedule import immediate
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.target_queue import TargetChange
from shared.tenancy import RequestContext


async def retry_target(
    core: Publisher, ctx: RequestContext, post_id: str, target_id: str
) -> PostDetails:
    """Failed: send again now (same key, fresh retry budget). Unconfirmed: check again now,
    which re-sends only if the provider proves nothing was posted. Published: refused."""
    tenant_id = ctx.require_tenant()
    require_writer(ctx.role)
    post = await load_post(core, tenant_id, post_id)
    record = await core.targets.get(tenant_id=tenant_id, target_id=target_id)
    if record is None or record.post_id != post_id:
        raise NotFound(f"no target {target_id} in this post", code="target_not_found")
    if record.state is TargetState.PUBLISHED:
        raise InvalidTransition("the target is already published", code="target_already_published")
    if record.state is TargetState.FAILED:
        moved = await _send_again(core, ctx, record, post.schedule.zone if post.schedule else "UTC")
    elif record.state is TargetState.UNCONFIRMED:
        moved = await _check_again(core, record)
    else:
        raise InvalidTransition(
            f"a {record.state.value} target cannot be retried", code="target_not_retryable"
        )
    if not moved:
        raise InvalidTransition(
            "the target changed meanwhile; read it again", code="target_changed"
        )
    core.signal.due_soon()
    return await load_details(core, tenant_id, post_id)


async def _send_again(
    core: Publisher, ctx: RequestContext, record: TargetRecord, zone: str
) -> bool:
    """Same key (the provider has nothing under it), a fresh budget of sends."""
    now = core.clock.now()
    change = TargetChange(
        state=TargetState.SCHEDULED, run_at=now, sends=0, failure=None, last_error=""
    )
    event = events.scheduled(record, immediate(now, zone), ctx.actor)
    return await core.targets.move(
        tenant_id=record.tenant_id,
        target_id=record.id,
        sources=frozenset({TargetState.FAILED}),
        change=change,
        events=(event,),
    )


async def _check_again(core: Publisher, record: TargetRecord) -> bool:
    """Reconcile again now; a re-send happens only if the provider proves nothing exists."""
    return await core.targets.move(
        tenant_id=record.tenant_id,
        target_id=record.id,
        sources=frozenset({TargetState.UNCONFIRMED}),
        change=TargetChange(run_at=core.clock.now(), reconciles=0, failure=None),
        events=(),
    )
