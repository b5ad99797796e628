"""Use case: cancel a post's targets that have not started publishing."""

from __future__ import annotations

from services.publisher.app.context import Publisher
from services.publisher.app.details import PostDetails, load_details, load_post
from services.publisher.app.target_moves import cancel_all
from services.publisher.domain.errors import InvalidTransition, NotFound
from services.publisher.domain.roles import require_writer
from services.publisher.domain.target_state import BEFORE_PUBLISHING, TargetState
from shared.tenancy import RequestContext


async def cancel_post(
    core: Publisher, ctx: RequestContext, post_id: str, target_ids: list[str], reason: str
) -> PostDetails:
    """Cancel the named targets (all when none are named); refused for started ones."""
    tenant_id = ctx.require_tenant()
    require_writer(ctx.role)
    await load_post(core, tenant_id, post_id)
    records = await core.targets.for_post(tenant_id=tenant_id, post_id=post_id)
    if target_ids:
        unknown = set(target_ids) - {r.id for r in records}
        if unknown:
            raise NotFound(f"no target {sorted(unknown)[0]} in this post", code="target_not_found")
        records = [r for r in records if r.id in target_ids]
        started = [r for r in records if r.state not in BEFORE_PUBLISHING | {TargetState.CANCELLED}]
        if started:
            raise InvalidTransition(
                f"target {started[0].id} is {started[0].state.value}: too late to cancel",
                code="target_not_cancellable",
            )
    moved = await cancel_all(core, records, reason=reason or "cancelled", actor=ctx.actor)
    if not moved and not all(r.state is TargetState.CANCELLED for r in records):
        raise InvalidTransition(
            "publishing already started for every target", code="target_not_cancellable"
        )
    return await load_details(core, tenant_id, post_id)
