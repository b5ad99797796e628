"""Use case: soft-delete a post; its targets that have not started are cancelled."""

from __future__ import annotations

from services.publisher.app.context import Publisher
from services.publisher.app.details import load_post
from services.publisher.app.target_moves import cancel_all
from services.publisher.domain.errors import Conflict
from services.publisher.domain.roles import require_writer
from services.publisher.domain.target_state import TargetState
from shared.tenancy import RequestContext

IN_FLIGHT = frozenset({TargetState.PUBLISHING, TargetState.UNCONFIRMED})


async def delete_post(
    core: Publisher, ctx: RequestContext, post_id: str, version: int | None
) -> None:
    """Hide the post; refused while a target is being published or reconciled."""
    tenant_id = ctx.require_tenant()
    require_writer(ctx.role)
    post = await load_post(core, tenant_id, post_id)
    if version is not None and version != post.version:
        raise Conflict(f"post {post_id} is at version {post.version}", code="version_conflict")
    records = await core.targets.for_post(tenant_id=tenant_id, post_id=post_id)
    if any(r.state in IN_FLIGHT for r in records):
        raise Conflict(
            "a target is being published; wait or cancel it first", code="publishing_in_progress"
        )
    if not await core.posts.delete(
        tenant_id=tenant_id, post_id=post_id, expected_version=post.version
    ):
        raise Conflict(f"post {post_id} changed meanwhile; read it again", code="version_conflict")
    # A worker that claims a target after this finds the post deleted and cancels it too.
    await cancel_all(core, records, reason="post_deleted", actor=ctx.actor)
