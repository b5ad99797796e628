"""Use case: soft-deleted posts and drafts past their workspace's window are removed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.publisher.ports.post_purge import PostPurge
from services.publisher.ports.retention_copy import RetentionCopy

BATCH = 200


@dataclass(frozen=True)
class PurgeReport:
    deleted_posts: int
    drafts: int


async def purge_posts(copy: RetentionCopy, purge: PostPurge, *, now: datetime) -> PurgeReport:
    """One pass over every workspace; what waits on the outbox is left for the next pass."""
    deleted = drafts = 0
    for tenant_id in await purge.tenants():
        for post_id in await purge.deleted_posts(tenant_id=tenant_id, limit=BATCH):
            deleted += await purge.erase(tenant_id=tenant_id, post_id=post_id, drafts_only=False)
        window = await copy.get(tenant_id=tenant_id)
        stale = await purge.stale_drafts(
            tenant_id=tenant_id, updated_before=window.cutoff(now), limit=BATCH
        )
        for post_id in stale:
            drafts += await purge.erase(tenant_id=tenant_id, post_id=post_id, drafts_only=True)
    return PurgeReport(deleted_posts=deleted, drafts=drafts)
