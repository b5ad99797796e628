"""Use case: media past its workspace's window after its last publish goes, bytes included."""

from __future__ import annotations

from dataclasses import dataclass

from services.media.app.context import MediaContext
from services.media.app.delete_media import remove
from services.media.app.purge_expired import PurgeReport, purge_expired
from services.media.ports.publish_marks import PublishMarks
from services.media.ports.retention_copy import RetentionCopy
from shared.tenancy import SYSTEM_ACTOR

BATCH = 200


@dataclass(frozen=True)
class RetentionReport:
    after_publish: int
    other: PurgeReport


async def enforce_retention(
    ctx: MediaContext, copy: RetentionCopy, marks: PublishMarks
) -> RetentionReport:
    """One pass: expire published media, then the general purge (bytes, tombstones, uploads)."""
    now = ctx.clock.now()
    removed = 0
    for tenant_id in await marks.tenants():
        window = await copy.get(tenant_id=tenant_id)
        expired = await marks.published_before(
            tenant_id=tenant_id, before=window.cutoff(now), limit=BATCH
        )
        for media in expired:
            if await remove(ctx, media, cause="retention_expired", actor=SYSTEM_ACTOR):
                removed += 1
    return RetentionReport(after_publish=removed, other=await purge_expired(ctx))
