"""Use case: probe one received file and decide ready, pending review or rejected."""

from __future__ import annotations

import logging

from services.media.app.context import MediaContext
from services.media.app.transitions import reject
from services.media.app.views import ready_event
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import Media, MediaKind, MediaStatus, ProbeResult
from shared.contracts.media import MediaPendingReview
from shared.tenancy import SYSTEM_ACTOR

log = logging.getLogger("gamontj.media")
MAX_ATTEMPTS = 3


async def process_next(ctx: MediaContext) -> bool:
    """Claim and finish one `processing` record; False when there is none."""
    claim = await ctx.media.claim(
        status=MediaStatus.PROCESSING,
        source=None,
        now=ctx.clock.now(),
        lease_s=ctx.limits.probe_lease_s,
    )
    if claim is None:
        return False
    media = claim.media
    try:
        if claim.attempt > MAX_ATTEMPTS:
            # Earlier attempts died with their process (a decoder crash): stop retrying.
            raise MediaError(ErrorCode.INTERRUPTED, "probing failed repeatedly")
        probe = await _probe(ctx, media)
    except MediaError as error:
        await ctx.storage.delete(media.blob_key)
        await reject(ctx, media, error, actor=SYSTEM_ACTOR)
        return True
    await _accept(ctx, media, probe)
    return True


async def _probe(ctx: MediaContext, media: Media) -> ProbeResult:
    try:
        async with ctx.storage.local_file(media.blob_key) as path:
            return await ctx.prober.probe(
                path, kind=media.kind or MediaKind.IMAGE, content_type=media.content_type
            )
    except MediaError:
        raise
    except Exception as exc:
        log.exception("probing failed", extra={"media.id": media.id})
        raise MediaError(ErrorCode.UNREADABLE, "the file could not be read") from exc


async def _accept(ctx: MediaContext, media: Media, probe: ProbeResult) -> None:
    settings = await ctx.workspace_settings.get(tenant_id=media.tenant_id)
    if settings.review_required:
        waiting = media.moved_to(MediaStatus.PENDING_REVIEW, probe=probe)
        event = MediaPendingReview(tenant_id=media.tenant_id, actor=SYSTEM_ACTOR, media_id=media.id)
        await ctx.media.save(waiting, events=[event])
        return
    ready = media.moved_to(MediaStatus.READY, probe=probe)
    await ctx.media.save(ready, events=[ready_event(ready, actor=SYSTEM_ACTOR)])
