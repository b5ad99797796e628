"""Use case: delete ops-log entries and trail entries past each workspace's retention.

Trail entries go oldest first, and the last purged entry's sequence number and hash are kept as
the chain's anchor, so what remains still verifies.
"""

from __future__ import annotations

from datetime import datetime

from services.audit.domain.retention import DEFAULTS, RetentionSettings, cutoff
from services.audit.ports.retention_repository import RetentionRepository
from services.audit.ports.trail_purge import TrailPurge


async def purge_expired(
    retention: RetentionRepository, purge: TrailPurge, *, now: datetime
) -> dict[str, int]:
    """One pass over every workspace; returns how many entries of each kind were removed."""
    custom = await retention.customised()
    removed = {"ops_log": 0, "trail": 0}
    for tenant_id, settings in custom.items():
        await _purge_tenant(purge, tenant_id, settings, now, removed)
    for tenant_id in await purge.tenants(excluding=list(custom)):
        await _purge_tenant(purge, tenant_id, DEFAULTS, now, removed)
    return removed


async def _purge_tenant(
    purge: TrailPurge,
    tenant_id: str,
    settings: RetentionSettings,
    now: datetime,
    removed: dict[str, int],
) -> None:
    removed["ops_log"] += await purge.ops_before(
        tenant_id=tenant_id, before=cutoff(now, settings.ops_log_days)
    )
    removed["trail"] += await purge.trail_before(
        tenant_id=tenant_id, before=cutoff(now, settings.audit_trail_days)
    )
