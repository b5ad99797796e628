"""Use case: create a draft post (idempotent on the Idempotency-Key)."""

from __future__ import annotations

import msgspec

from services.publisher.app.context import Publisher
from services.publisher.app.details import PostDetails, draft_record, load_details
from services.publisher.domain.post import Post, TargetSpec
from services.publisher.domain.roles import require_writer
from shared.ids import new_id
from shared.tenancy import RequestContext


async def create_post(
    core: Publisher,
    ctx: RequestContext,
    *,
    text: str,
    media: tuple[str, ...],
    tags: tuple[str, ...],
    targets: tuple[TargetSpec, ...],
    idempotency_key: str,
    fingerprint: str,
) -> PostDetails:
    """Store a draft; the same key and body give the same post, a different body is refused."""
    tenant_id = ctx.require_tenant()
    require_writer(ctx.role)
    now = core.clock.now()
    post = Post(
        id=new_id("post"),
        tenant_id=tenant_id,
        author=ctx.actor,
        text=text,
        media=media,
        tags=tags,
        targets=tuple(msgspec.structs.replace(t, id=new_id("tgt")) for t in targets),
        created_at=now,
        updated_at=now,
    )
    stored = await core.posts.add(
        post, idempotency_key=idempotency_key or post.id, fingerprint=fingerprint
    )
    # Second write: a crash before it leaves targets without records, which read as drafts
    # and are created by the next command (ensure is idempotent).
    await core.targets.ensure([draft_record(stored, spec) for spec in stored.targets])
    return await load_details(core, tenant_id, stored.id)
