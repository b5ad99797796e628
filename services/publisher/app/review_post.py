"""Use cases: submit a post for approval, approve it (and schedule it), or reject it."""

from __future__ import annotations

import msgspec

from services.publisher.app.checks import require_valid
from services.publisher.app.context import Publisher
from services.publisher.app.details import PostDetails, load_details, load_post
from services.publisher.app.target_moves import move_all, schedule_all
from services.publisher.domain.errors import InvalidTransition, ValidationFailed
from services.publisher.domain.post import Approval
from services.publisher.domain.roles import require_reviewer, require_writer
from services.publisher.domain.schedule import Schedule, ensure_not_past
from services.publisher.domain.target_state import TargetState
from services.publisher.domain.validation import Violation
from services.publisher.ports.target_queue import TargetChange
from shared.tenancy import RequestContext

S = TargetState
PENDING = frozenset({S.PENDING_APPROVAL})


async def submit_post(
    core: Publisher, ctx: RequestContext, post_id: str, schedule: Schedule | None
) -> PostDetails:
    """An editor asks for approval; the schedule (if any) applies once approved."""
    tenant_id = ctx.require_tenant()
    require_writer(ctx.role)
    post = await load_post(core, tenant_id, post_id)
    if post.approval not in (Approval.NONE, Approval.REJECTED):
        raise InvalidTransition(
            f"the post is already {post.approval.value}", code="already_submitted"
        )
    if schedule is not None:
        ensure_not_past(schedule, core.clock.now())
    findings = await require_valid(core, post)
    submitted = msgspec.structs.replace(
        post, approval=Approval.PENDING, approval_note="", schedule=schedule or post.schedule
    )
    await core.posts.save(submitted, expected_version=post.version)
    records = await core.targets.for_post(tenant_id=tenant_id, post_id=post_id)
    await move_all(
        core,
        records,
        sources=frozenset({S.DRAFT, S.REJECTED, S.SCHEDULED}),
        change=TargetChange(state=S.PENDING_APPROVAL, run_at=None),
    )
    return await load_details(core, tenant_id, post_id, findings.notices)


async def approve_post(
    core: Publisher, ctx: RequestContext, post_id: str, note: str
) -> PostDetails:
    """An owner or admin approves: targets are scheduled if a time was set, drafts otherwise."""
    tenant_id = ctx.require_tenant()
    require_reviewer(ctx.role)
    post = await load_post(core, tenant_id, post_id)
    _require_pending(post.approval)
    findings = await require_valid(core, post)
    approved = msgspec.structs.replace(
        post, approval=Approval.APPROVED, approval_note=note, reviewed_by=ctx.actor
    )
    await core.posts.save(approved, expected_version=post.version)
    records = await core.targets.for_post(tenant_id=tenant_id, post_id=post_id)
    if post.schedule is None:
        await move_all(core, records, sources=PENDING, change=TargetChange(state=S.DRAFT))
    else:
        # A review that outlasts the chosen time publishes at once (lateness is recorded).
        at = max(post.schedule.at, core.clock.now())
        schedule = msgspec.structs.replace(post.schedule, at=at)
        await schedule_all(core, records, schedule, sources=PENDING, actor=ctx.actor)
    return await load_details(core, tenant_id, post_id, findings.notices)


async def reject_post(core: Publisher, ctx: RequestContext, post_id: str, note: str) -> PostDetails:
    """An owner or admin rejects with a reason the editor reads."""
    tenant_id = ctx.require_tenant()
    require_reviewer(ctx.role)
    if not note.strip():
        raise ValidationFailed(
            [Violation(code="note_required", message="say why the post is rejected", field="note")]
        )
    post = await load_post(core, tenant_id, post_id)
    _require_pending(post.approval)
    rejected = msgspec.structs.replace(
        post, approval=Approval.REJECTED, approval_note=note, reviewed_by=ctx.actor
    )
    await core.posts.save(rejected, expected_version=post.version)
    records = await core.targets.for_post(tenant_id=tenant_id, post_id=post_id)
    await move_all(core, records, sources=PENDING, change=TargetChange(state=S.REJECTED))
    return await load_details(core, tenant_id, post_id)


def _require_pending(approval: Approval) -> None:
    if approval is not Approval.PENDING:
        raise InvalidTransition(
            f"the post is {approval.value}, not pending approval", code="not_pending_approval"
        )
