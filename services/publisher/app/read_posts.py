"""Use cases: read one post, list posts (calendar range, status, cursor), list attempts."""

from __future__ import annotations

from datetime import UTC, datetime

from services.publisher.app.context import Publisher
from services.publisher.app.details import PostDetails, assemble, load_details, load_post
from services.publisher.domain.errors import PublisherError
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.attempt_log import Attempt
from shared.tenancy import RequestContext

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)
MAX_PAGE = 200


async def get_post(core: Publisher, ctx: RequestContext, post_id: str) -> PostDetails:
    """One post of the caller's workspace with every target's progress."""
    return await load_details(core, ctx.require_tenant(), post_id)


async def list_posts(
    core: Publisher,
    ctx: RequestContext,
    *,
    start: datetime | None,
    end: datetime | None,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[PostDetails], str | None]:
    """Calendar order when a range or status is given, newest first otherwise."""
    tenant_id = ctx.require_tenant()
    limit = max(1, min(limit, MAX_PAGE))
    if start is None and end is None and status is None:
        posts = await core.posts.list_recent(tenant_id=tenant_id, before=cursor, limit=limit)
        next_cursor = posts[-1].id if len(posts) == limit else None
    else:
        page = await core.targets.calendar(
            tenant_id=tenant_id,
            start=start or EARLIEST,
            end=end or LATEST,
            states=_states(status),
            cursor=cursor,
            limit=limit,
        )
        found = {
            p.id: p for p in await core.posts.get_many(tenant_id=tenant_id, post_ids=page.post_ids)
        }
        posts = [found[i] for i in page.post_ids if i in found]
        next_cursor = page.next_cursor
    items = []
    for post in posts:
        records = await core.targets.for_post(tenant_id=tenant_id, post_id=post.id)
        items.append(assemble(post, records, []))
    return items, next_cursor


def _states(status: str | None) -> frozenset[TargetState] | None:
    if status is None:
        return None
    try:
        return frozenset({TargetState(status)})
    except ValueError as exc:
        known = ", ".join(s.value for s in TargetState)
        raise PublisherError(
            f"unknown status {status!r} (one of: {known})", code="bad_status"
        ) from exc


async def list_attempts(core: Publisher, ctx: RequestContext, post_id: str) -> list[Attempt]:
    """Every provider call made for the post's targets, oldest first."""
    tenant_id = ctx.require_tenant()
    await load_post(core, tenant_id, post_id)
    return await core.attempts.for_post(tenant_id=tenant_id, post_id=post_id)
