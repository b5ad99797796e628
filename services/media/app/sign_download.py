"""Use cases: expiring download URLs for people and providers, and for our own services."""

from __future__ import annotations

from datetime import datetime

from services.media.app.context import MediaContext
from services.media.app.signed_urls import issue_url
from services.media.domain.access import READERS, require_role
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.grants import GrantPurpose
from services.media.domain.media import MediaStatus
from shared.tenancy import RequestContext

MIN_TTL_S = 10
# Reviewers must see what they approve; nothing else leaves before it is ready.
VIEWABLE = frozenset({MediaStatus.READY, MediaStatus.PENDING_REVIEW})


async def sign_download(
    ctx: MediaContext, request: RequestContext, *, media_id: str, ttl_s: int | None
) -> tuple[str, datetime]:
    """A public URL valid for `ttl_s` (bounded by configuration) of a ready or pending item."""
    return await _sign(ctx, request, media_id, ttl_s, VIEWABLE, internal=False)


async def open_stream(
    ctx: MediaContext, request: RequestContext, *, media_id: str
) -> tuple[str, datetime]:
    """An internal URL of a ready item, for services that stream the bytes to a provider."""
    return await _sign(ctx, request, media_id, None, frozenset({MediaStatus.READY}), internal=True)


async def _sign(
    ctx: MediaContext,
    request: RequestContext,
    media_id: str,
    ttl_s: int | None,
    allowed: frozenset[MediaStatus],
    *,
    internal: bool,
) -> tuple[str, datetime]:
    tenant_id = require_role(request, READERS)
    media = await ctx.media.get(tenant_id=tenant_id, media_id=media_id)
    if media is None:
        raise MediaError(ErrorCode.NOT_FOUND, "no such media")
    if media.status not in allowed:
        raise MediaError(ErrorCode.NOT_READY, f"the media is {media.status}")
    longest = ctx.limits.download_url_ttl_s
    ttl = longest if ttl_s is None else max(MIN_TTL_S, min(ttl_s, longest))
    return issue_url(
        ctx,
        purpose=GrantPurpose.DOWNLOAD,
        tenant_id=tenant_id,
        media_id=media_id,
        ttl_s=ttl,
        internal=internal,
    )
