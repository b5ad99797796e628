"""Request/reply handlers of the audit service (`rpc.audit.*`)."""

from __future__ import annotations

from faststream.nats import NatsBroker

from services.audit.app.read_trail import NotAllowed, read_ops_log, read_trail, verify_trail
from services.audit.domain.ops import OpsEntry
from services.audit.domain.trail import TrailEntry
from services.audit.entrypoints.nats_retention_rpc import register_retention_rpc
from services.audit.ports.ops_log_repository import OpsLogRepository
from services.audit.ports.retention_repository import RetentionRepository
from services.audit.ports.trail_repository import TrailFilter, TrailRepository
from shared.contracts import audit as contract
from shared.errors import Problem, ProblemCode
from shared.messaging.rpc import rpc_handler
from shared.store.values import epoch_ms

QUEUE = "audit"
MAX_PAGE = 200


def register_rpc(
    broker: NatsBroker,
    trail: TrailRepository,
    ops: OpsLogRepository,
    retention: RetentionRepository,
) -> None:
    """Attach the trail, verification, ops-log and retention handlers."""
    register_retention_rpc(broker, retention)

    @rpc_handler(broker, contract.TRAIL, queue=QUEUE, request_type=contract.ReadTrail)
    async def trail_page(request: contract.ReadTrail) -> contract.TrailPage:
        where = TrailFilter(
            occurred_from=request.occurred_from,
            occurred_to=request.occurred_to,
            event_type=request.event_type,
            actor=request.actor,
            subject=request.subject,
        )
        limit = _limit(request.limit)
        try:
            entries = await read_trail(
                trail,
                tenant_id=request.ctx.require_tenant(),
                role=request.ctx.role,
                where=where,
                before_seq=_int_cursor(request.cursor),
                limit=limit,
            )
        except NotAllowed as exc:
            raise Problem(ProblemCode.FORBIDDEN, "only owners and admins read the trail") from exc
        cursor = str(entries[-1].seq) if len(entries) == limit else None
        return contract.TrailPage(items=[_item(e) for e in entries], next_cursor=cursor)

    @rpc_handler(broker, contract.VERIFY, queue=QUEUE, request_type=contract.VerifyTrail)
    async def verify(request: contract.VerifyTrail) -> contract.ChainVerification:
        try:
            report = await verify_trail(
                trail, tenant_id=request.ctx.require_tenant(), role=request.ctx.role
            )
        except NotAllowed as exc:
            raise Problem(ProblemCode.FORBIDDEN, "only owners and admins verify the trail") from exc
        return contract.ChainVerification(
            ok=report.ok,
            entries=report.entries,
            first_broken_seq=report.first_broken_seq,
            first_broken_event_id=report.first_broken_event_id,
            reason=report.reason,
        )

    @rpc_handler(broker, contract.OPS_LOG, queue=QUEUE, request_type=contract.ReadOpsLog)
    async def ops_page(request: contract.ReadOpsLog) -> contract.OpsPage:
        limit = _limit(request.limit)
        entries = await read_ops_log(
            ops,
            tenant_id=request.ctx.require_tenant(),
            before_ms=_int_cursor(request.cursor),
            limit=limit,
        )
        cursor = str(epoch_ms(entries[-1].occurred_at)) if len(entries) == limit else None
        return contract.OpsPage(items=[_ops_item(e) for e in entries], next_cursor=cursor)


def _limit(requested: int) -> int:
    return max(1, min(requested, MAX_PAGE))


def _int_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    if not cursor.isdigit():
        raise Problem("invalid_cursor", "the cursor is not one this API returned", status=400)
    return int(cursor)


def _item(entry: TrailEntry) -> contract.TrailItem:
    return contract.TrailItem(
        seq=entry.seq,
        event_id=entry.event_id,
        event_type=entry.event_type,
        actor=entry.actor,
        subject=entry.subject,
        occurred_at=entry.occurred_at,
        payload=entry.payload,
        hash=entry.hash,
        prev_hash=entry.prev_hash,
        redacted=entry.redacted,
    )


def _ops_item(entry: OpsEntry) -> contract.OpsItem:
    return contract.OpsItem(
        id=entry.entry_id,
        kind=entry.kind,
        level=entry.level,
        occurred_at=entry.occurred_at,
        summary=entry.summary,
        trace_id=entry.trace_id,
        subject=entry.subject,
        details=entry.details,
    )
