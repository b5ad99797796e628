"""Shared steps of several use cases: store a transition together with its event."""

from __future__ import annotations

from services.media.app.context import MediaContext
from services.media.app.views import rejected_event
from services.media.domain.content_types import KIND_BY_TYPE
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import Media, MediaStatus
from shared.contracts.media import MediaUploaded


async def reject(ctx: MediaContext, media: Media, error: MediaError, *, actor: str) -> None:
    """Record the refusal (bytes are already gone); a record deleted meanwhile stays deleted."""
    rejected = media.rejected(error.code, error.detail)
    await ctx.media.save(rejected, events=[rejected_event(rejected, actor=actor)])


async def mark_received(
    ctx: MediaContext, media: Media, size: int, sha256: str, content_type: str
) -> Media:
    """All bytes are stored: record what arrived and queue the record for probing."""
    received = media.moved_to(
        MediaStatus.PROCESSING,
        size=size,
        sha256=sha256,
        content_type=content_type,
        kind=KIND_BY_TYPE[content_type],
    )
    event = MediaUploaded(
        tenant_id=media.tenant_id,
        actor=media.created_by,
        media_id=media.id,
        content_type=content_type,
        size=size,
        sha256=sha256,
        source=media.source.value,
    )
    saved = await ctx.media.save(received, events=[event])
    if saved is None:
        # Deleted while the bytes streamed in: they must not outlive the record.
        await ctx.storage.delete(media.blob_key)
        raise MediaError(ErrorCode.NOT_FOUND, "the media was deleted during the upload")
    ctx.work.notify()
    return saved
