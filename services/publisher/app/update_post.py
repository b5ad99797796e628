"""Use case: edit a post until publishing starts (new revision, re-validated if scheduled)."""

from __future__ import annotations

import msgspec

from services.publisher.app.checks import require_valid
from services.publisher.app.context import Publisher
from services.publisher.app.details import PostDetails, draft_record, load_details, load_post
from services.publisher.app.target_moves import cancel_all, move_all, schedule_all
from services.publisher.domain.errors import Conflict, NotFound
from services.publisher.domain.post import Approval, Post, PostChanges, TargetSpec, apply_changes
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.roles import require_writer
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.target_queue import TargetChange
from shared.ids import new_id
from shared.tenancy import RequestContext

S = TargetState
# Once a target is in one of these, the content is what the provider has (or may have).
STARTED = frozenset({S.PUBLISHING, S.PUBLISHED, S.UNCONFIRMED})


async def update_post(
    core: Publisher, ctx: RequestContext, post_id: str, version: int | None, changes: PostChanges
) -> PostDetails:
    """Apply `changes`; refused once any target started publishing or if `version` is stale."""
    tenant_id = ctx.require_tenant()
    require_writer(ctx.role)
    post = await load_post(core, tenant_id, post_id)
    if version is not None and version != post.version:
        raise Conflict(f"post {post_id} is at version {post.version}", code="version_conflict")
    records = await core.targets.for_post(tenant_id=tenant_id, post_id=post_id)
    if any(r.state in STARTED for r in records):
        raise Conflict(
            "publishing already started; the content can no longer change",
            code="post_publishing_started",
        )
    if changes.targets is not None:
        changes = msgspec.structs.replace(changes, targets=_merge_targets(post, changes.targets))
    updated = apply_changes(post, changes, now=core.clock.now())
    live = {r.id: r for r in records if r.state is not S.CANCELLED}
    settings = await core.settings.get(tenant_id=tenant_id)
    waiting = any(r.state in (S.SCHEDULED, S.PENDING_APPROVAL) for r in live.values())
    if waiting:
        await require_valid(core, updated)
    if waiting and settings.require_approval:
        updated = msgspec.structs.replace(updated, approval=Approval.PENDING)
    # Conditioned on the version we read: a worker starting to publish meanwhile bumps it.
    saved = await core.posts.save(updated, expected_version=post.version)
    await _follow_targets(core, ctx, post, saved, list(live.values()), settings.require_approval)
    return await load_details(core, tenant_id, post_id)


def _merge_targets(post: Post, wanted: tuple[TargetSpec, ...]) -> tuple[TargetSpec, ...]:
    known = {t.id for t in post.targets}
    merged = []
    for spec in wanted:
        if spec.id and spec.id not in known:
            raise NotFound(f"post {post.id} has no target {spec.id}", code="target_not_found")
        merged.append(spec if spec.id else msgspec.structs.replace(spec, id=new_id("tgt")))
    return tuple(merged)


async def _follow_targets(
    core: Publisher,
    ctx: RequestContext,
    before: Post,
    after: Post,
    records: list[TargetRecord],
    require_approval: bool,
) -> None:
    """Bring target records in line with the edit (several writes, each idempotent)."""
    kept = {t.id for t in after.targets}
    removed = [r for r in records if r.id not in kept]
    await cancel_all(core, removed, reason="removed_from_post", actor=ctx.actor)
    added = [t for t in after.targets if t.id not in {x.id for x in before.targets}]
    await core.targets.ensure([draft_record(after, spec) for spec in added])
    current = [r for r in records if r.id in kept]
    await move_all(
        core, current, sources=frozenset({S.REJECTED}), change=TargetChange(state=S.DRAFT)
    )
    if require_approval:
        # Changed content needs a fresh approval before it can go out.
        await move_all(
            core,
            current,
            sources=frozenset({S.SCHEDULED}),
            change=TargetChange(state=S.PENDING_APPROVAL, run_at=None),
        )
        if after.approval is Approval.PENDING:
            fresh = [draft_record(after, spec) for spec in added]
            await move_all(
                core,
                fresh,
                sources=frozenset({S.DRAFT}),
                change=TargetChange(state=S.PENDING_APPROVAL),
            )
    elif after.schedule is not None and any(r.state is S.SCHEDULED for r in current):
        fresh = [draft_record(after, spec) for spec in added]
        await schedule_all(
            core, fresh, after.schedule, sources=frozenset({S.DRAFT}), actor=ctx.actor
        )
