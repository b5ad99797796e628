"""Use case: stream an upload's bytes into storage through the checks (data plane PUT)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable

from services.media.app.context import MediaContext
from services.media.app.signed_urls import check_token
from services.media.app.stream_guard import StreamGuard
from services.media.app.transitions import mark_received, reject
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.grants import GrantPurpose
from services.media.domain.media import Media

log = logging.getLogger("gamontj.media")


async def receive_upload(
    ctx: MediaContext, *, token: str, chunks: AsyncIterable[bytes], content_length: int | None
) -> Media:
    """Spend the URL, stream to storage; any refusal rejects the record and keeps no bytes."""
    grant = check_token(ctx, token, purpose=GrantPurpose.UPLOAD)
    media = await ctx.media.spend_upload_nonce(
        tenant_id=grant.tenant_id, media_id=grant.media_id, nonce=grant.nonce
    )
    if media is None:
        if await ctx.media.get(tenant_id=grant.tenant_id, media_id=grant.media_id) is None:
            raise MediaError(ErrorCode.NOT_FOUND, "no such media")
        raise MediaError(ErrorCode.UPLOAD_URL_USED, "this upload URL was already used or replaced")
    declared = media.declared_size or 0
    guard = StreamGuard(
        chunks,
        max_bytes=declared,
        over_limit=ErrorCode.SIZE_EXCEEDED,
        declared_type=media.content_type,
        exact_size=declared,
    )
    try:
        if content_length is not None and content_length > declared:
            raise MediaError(ErrorCode.SIZE_EXCEEDED, f"Content-Length exceeds {declared} bytes")
        await ctx.storage.put(media.blob_key, guard)
    except MediaError as error:
        await reject(ctx, media, error, actor=media.created_by)
        raise
    except Exception as exc:
        # A client that went away mid-body: the partial bytes are already gone.
        log.info("upload interrupted", extra={"media.id": media.id, "error": repr(exc)})
        interrupted = MediaError(ErrorCode.UPLOAD_INCOMPLETE, "the upload was interrupted")
        await reject(ctx, media, interrupted, actor=media.created_by)
        raise interrupted from exc
    assert guard.content_type is not None
    return await mark_received(ctx, media, guard.size, guard.sha256, guard.content_type)
