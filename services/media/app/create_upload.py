"""Use case: register an upload and hand out its single-use, expiring upload URL."""

from __future__ import annotations

from datetime import datetime

import msgspec

from services.media.app.context import MediaContext
from services.media.app.replays import replay_of
from services.media.app.signed_urls import issue_url, new_nonce
from services.media.domain.access import WRITERS, require_role
from services.media.domain.content_types import declared_kind, normalise
from services.media.domain.filenames import check_filename
from services.media.domain.grants import GrantPurpose
from services.media.domain.idempotency import IdempotencyMark, idempotency_mark
from services.media.domain.media import Media, MediaSource
from services.media.ports.media_repository import IdempotencyKeyTaken
from shared.ids import new_id
from shared.tenancy import RequestContext


class UploadTicket(msgspec.Struct, frozen=True, kw_only=True):
    """`url` is empty when a replayed create's upload already started (it cannot restart)."""

    media: Media
    url: str
    expires_at: datetime
    replayed: bool = False


async def create_upload(
    ctx: MediaContext,
    request: RequestContext,
    *,
    filename: str,
    content_type: str,
    size: int,
    idempotency_key: str = "",
) -> UploadTicket:
    """Check name, type and size before any byte moves; a repeated key answers the first media."""
    tenant_id = require_role(request, WRITERS)
    name = check_filename(filename)
    kind = declared_kind(content_type)
    ctx.limits.check_declared_size(kind, size)
    media = Media(
        id=new_id("med"),
        tenant_id=tenant_id,
        kind=kind,
        content_type=normalise(content_type),
        filename=name,
        declared_size=size,
        source=MediaSource.UPLOAD,
        created_at=ctx.clock.now(),
        created_by=request.actor,
    )
    mark = idempotency_mark("create_upload", idempotency_key, name, media.content_type, size)
    nonce = new_nonce()
    try:
        await ctx.media.add(media, upload_nonce=nonce, idempotency=mark, events=[])
    except IdempotencyKeyTaken:
        assert mark is not None
        return await _replay(ctx, tenant_id, mark, nonce)
    return _ticket(ctx, media, nonce, replayed=False)


async def _replay(
    ctx: MediaContext, tenant_id: str, mark: IdempotencyMark, nonce: str
) -> UploadTicket:
    # The first answer may never have arrived: a fresh URL replaces the unused one.
    first, unused = await replay_of(ctx, tenant_id, mark)
    renewed = unused and await ctx.media.renew_upload_nonce(
        tenant_id=tenant_id, media_id=first.id, nonce=nonce
    )
    if not renewed:
        return UploadTicket(media=first, url="", expires_at=ctx.clock.now(), replayed=True)
    return _ticket(ctx, first, nonce, replayed=True)


def _ticket(ctx: MediaContext, media: Media, nonce: str, *, replayed: bool) -> UploadTicket:
    url, expires_at = issue_url(
        ctx,
        purpose=GrantPurpose.UPLOAD,
        tenant_id=media.tenant_id,
        media_id=media.id,
        ttl_s=ctx.limits.upload_url_ttl_s,
        nonce=nonce,
    )
    return UploadTicket(media=media, url=url, expires_at=expires_at, replayed=replayed)
