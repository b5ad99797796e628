"""Use cases: schedule a post at a wall time in a zone, or publish it now."""

from __future__ import annotations

import msgspec

from services.publisher.app.checks import require_valid
from services.publisher.app.context import Publisher
from services.publisher.app.details import PostDetails, load_details, load_post
from services.publisher.app.target_moves import schedule_all
from services.publisher.domain.errors import InvalidTransition, NotAllowed
from services.publisher.domain.post import Approval
from services.publisher.domain.roles import require_writer
from services.publisher.domain.schedule import Schedule, ensure_not_past, immediate
from services.publisher.domain.target_state import TargetState
from shared.tenancy import RequestContext

SCHEDULABLE = frozenset({TargetState.DRAFT, TargetState.SCHEDULED})


async def schedule_post(
    core: Publisher, ctx: RequestContext, post_id: str, schedule: Schedule
) -> PostDetails:
    """Validate every target, then schedule the drafts (or move an existing schedule)."""
    ensure_not_past(schedule, core.clock.now())
    return await _schedule(core, ctx, post_id, schedule)


async def publish_now(core: Publisher, ctx: RequestContext, post_id: str, zone: str) -> PostDetails:
    """Schedule for this instant and wake the scheduler."""
    return await _schedule(core, ctx, post_id, immediate(core.clock.now(), zone))


async def _schedule(
    core: Publisher, ctx: RequestContext, post_id: str, schedule: Schedule
) -> PostDetails:
    tenant_id = ctx.require_tenant()
    require_writer(ctx.role)
    post = await load_post(core, tenant_id, post_id)
    settings = await core.settings.get(tenant_id=tenant_id)
    if settings.require_approval and post.approval is not Approval.APPROVED:
        raise NotAllowed(
            "this workspace requires approval: submit the post, an owner or admin approves it",
            code="approval_required",
        )
    records = await core.targets.for_post(tenant_id=tenant_id, post_id=post_id)
    if not any(r.state in SCHEDULABLE for r in records):
        raise InvalidTransition(
            "no target of this post can be scheduled", code="nothing_to_schedule"
        )
    findings = await require_valid(core, post)
    saved = await core.posts.save(
        msgspec.structs.replace(post, schedule=schedule), expected_version=post.version
    )
    # A crash between the post write and the target moves is healed by repeating the command.
    await schedule_all(core, records, schedule, sources=SCHEDULABLE, actor=ctx.actor)
    return await load_details(core, tenant_id, saved.id, findings.notices)
