"""Use cases: read the trail, verify its chain, read the ops log (owners and admins only)."""

from __future__ import annotations

from services.audit.domain.ops import OpsEntry
from services.audit.domain.trail import ChainCheck, ChainReport, TrailEntry
from services.audit.ports.ops_log_repository import OpsLogRepository
from services.audit.ports.trail_repository import TrailFilter, TrailRepository

READERS = frozenset({"owner", "admin"})


class NotAllowed(Exception):
    """The caller's role may not read the audit trail."""


def require_reader(role: str | None) -> None:
    if role not in READERS:
        raise NotAllowed(role or "none")


async def read_trail(
    trail: TrailRepository,
    *,
    tenant_id: str,
    role: str | None,
    where: TrailFilter,
    before_seq: int | None,
    limit: int,
) -> list[TrailEntry]:
    """Newest first; page with `before_seq` set to the last `seq` received."""
    require_reader(role)
    return await trail.query(tenant_id=tenant_id, where=where, before_seq=before_seq, limit=limit)


async def verify_trail(trail: TrailRepository, *, tenant_id: str, role: str | None) -> ChainReport:
    """Recompute the whole chain of the workspace."""
    require_reader(role)
    anchor = await trail.anchor(tenant_id=tenant_id)
    check = ChainCheck(anchor)
    async for entry in trail.scan(tenant_id=tenant_id, after_seq=anchor[0] if anchor else 0):
        if (broken := check.feed(entry)) is not None:
            return broken
    return check.report()


async def read_ops_log(
    ops: OpsLogRepository, *, tenant_id: str, before_ms: int | None, limit: int
) -> list[OpsEntry]:
    """Every member may troubleshoot their own workspace's failures."""
    return await ops.recent(tenant_id=tenant_id, before_ms=before_ms, limit=limit)
