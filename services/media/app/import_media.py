"""Use case: fetch one accepted import through the safe fetcher into storage (worker step)."""

from __future__ import annotations

import asyncio

from services.media.app.context import MediaContext
from services.media.app.remote_fetch import open_remote
from services.media.app.stream_guard import StreamGuard
from services.media.app.transitions import mark_received, reject
from services.media.domain.content_types import KIND_BY_TYPE
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import Media, MediaSource, MediaStatus
from shared.tenancy import SYSTEM_ACTOR

LEASE_MARGIN_S = 30.0


async def import_next(ctx: MediaContext) -> bool:
    """Claim and run one pending import; False when there is none."""
    claim = await ctx.media.claim(
        status=MediaStatus.UPLOADING,
        source=MediaSource.IMPORT,
        now=ctx.clock.now(),
        lease_s=ctx.limits.import_timeout_s + LEASE_MARGIN_S,
    )
    if claim is None:
        return False
    media = claim.media
    try:
        if claim.attempt > 1:
            raise MediaError(ErrorCode.INTERRUPTED, "the import was interrupted")
        guard = await _fetch_into_storage(ctx, media)
    except MediaError as error:
        await reject(ctx, media, error, actor=SYSTEM_ACTOR)
        return True
    assert guard.content_type is not None
    await mark_received(ctx, media, guard.size, guard.sha256, guard.content_type)
    return True


async def _fetch_into_storage(ctx: MediaContext, media: Media) -> StreamGuard:
    limits = ctx.limits
    try:
        async with asyncio.timeout(limits.import_timeout_s):
            async with open_remote(ctx, media.source_url) as body:
                guard = StreamGuard(
                    body,
                    max_bytes=limits.import_max_bytes,
                    over_limit=ErrorCode.IMPORT_TOO_LARGE,
                    declared_type=None,
                    cap_for_type=lambda found: limits.max_bytes(KIND_BY_TYPE[found]),
                )
                await ctx.storage.put(media.blob_key, guard)
    except TimeoutError as exc:
        raise MediaError(
            ErrorCode.IMPORT_TIMEOUT, f"not complete within {limits.import_timeout_s}s"
        ) from exc
    except OSError as exc:
        raise MediaError(ErrorCode.IMPORT_FAILED, "the remote server could not be read") from exc
    return guard
