"""Use cases: one media item for the API, several at once for the publisher (`describe`)."""

from __future__ import annotations

from collections.abc import Sequence

from services.media.app.context import MediaContext
from services.media.domain.access import READERS, require_role
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import Media
from shared.tenancy import RequestContext

MAX_DESCRIBE = 100


async def get_media(ctx: MediaContext, request: RequestContext, *, media_id: str) -> Media:
    """A media item of the caller's workspace; another workspace's id is simply not found."""
    tenant_id = require_role(request, READERS)
    media = await ctx.media.get(tenant_id=tenant_id, media_id=media_id)
    if media is None:
        raise MediaError(ErrorCode.NOT_FOUND, "no such media")
    return media


async def describe_media(
    ctx: MediaContext, request: RequestContext, *, media_ids: Sequence[str]
) -> tuple[list[Media], list[str]]:
    """The found items (in the order asked) and the ids that are absent from this workspace."""
    tenant_id = require_role(request, READERS)
    if len(media_ids) > MAX_DESCRIBE:
        raise MediaError(ErrorCode.INVALID_REQUEST, f"at most {MAX_DESCRIBE} ids at once")
    found = {m.id: m for m in await ctx.media.get_many(tenant_id=tenant_id, media_ids=media_ids)}
    items = [found[i] for i in dict.fromkeys(media_ids) if i in found]
    missing = [i for i in dict.fromkeys(media_ids) if i not in found]
    return items, missing
