"""Use case: retention: unattached uploads after their TTL, attached media after the workspace's
retention period; bytes and records go together (worker step)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from services.media.app.context import MediaContext
from services.media.app.delete_media import remove
from services.media.domain.media import Media, blob_key
from shared.tenancy import SYSTEM_ACTOR

log = logging.getLogger("gamontj.media")
BATCH = 200


@dataclass(frozen=True)
class PurgeReport:
    unattached: int
    retention: int
    blobs_removed: int
    tombstones_forgotten: int


async def purge_expired(ctx: MediaContext) -> PurgeReport:
    """One pass; a crash at any point leaves work the next pass finishes."""
    now = ctx.clock.now()
    cutoff = now - timedelta(seconds=ctx.limits.unattached_ttl_s)
    unattached = await _remove_all(
        ctx, await ctx.media.expired_unattached(created_before=cutoff, limit=BATCH), "unattached"
    )
    retention = 0
    for settings in await ctx.workspace_settings.with_retention():
        assert settings.retention_days is not None
        before = now - timedelta(days=settings.retention_days)
        expired = await ctx.media.expired_attached(
            tenant_id=settings.tenant_id, attached_before=before, limit=BATCH
        )
        retention += await _remove_all(ctx, expired, "retention")
    blobs = await _remove_pending_blobs(ctx)
    forgotten = await ctx.media.forget_tombstones()
    return PurgeReport(
        unattached=unattached,
        retention=retention,
        blobs_removed=blobs,
        tombstones_forgotten=forgotten,
    )


async def _remove_all(ctx: MediaContext, expired: list[Media], rule: str) -> int:
    removed = 0
    for media in expired:
        if await remove(ctx, media, cause=f"{rule}_expired", actor=SYSTEM_ACTOR):
            removed += 1
    return removed


async def _remove_pending_blobs(ctx: MediaContext) -> int:
    removed = 0
    for pending in await ctx.media.blobs_to_remove(limit=BATCH):
        try:
            await ctx.storage.delete(blob_key(pending.tenant_id, pending.media_id))
        except Exception:
            log.warning("bytes not removed; next pass retries", exc_info=True)
            continue
        await ctx.media.blob_removed(tenant_id=pending.tenant_id, media_id=pending.media_id)
        removed += 1
    return removed
