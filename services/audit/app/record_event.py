"""Use case: record one event in its workspace's trail (and in the ops log when it is a failure)."""

from __future__ import annotations

from typing import Any

import msgspec

from services.audit.domain.ops import OPERATIONAL, OpsEntry, summary_of, trace_id_of
from services.audit.domain.trail import next_entry, subject_of
from services.audit.ports.ops_log_repository import OpsLogRepository
from services.audit.ports.trail_repository import Appended, TrailRepository
from shared.contracts.envelope import EnvelopeOnly

_MAX_RACES = 50


class UnreadableEvent(Exception):
    """The message is not an event envelope; retrying cannot help."""


async def record_event(trail: TrailRepository, ops: OpsLogRepository, body: bytes) -> bool:
    """Append once (a redelivered event is recognised by its id); True when it was new."""
    try:
        envelope = msgspec.json.decode(body, type=EnvelopeOnly)
        payload: dict[str, Any] = msgspec.json.decode(body, type=dict[str, Any])
    except msgspec.DecodeError as exc:
        raise UnreadableEvent(str(exc)) from exc
    appended = await _append(trail, envelope, payload)
    level = OPERATIONAL.get(envelope.event_type)
    if level is not None:
        await ops.record(
            OpsEntry(
                tenant_id=envelope.tenant_id,
                entry_id=envelope.event_id,
                kind=envelope.event_type,
                level=level,
                occurred_at=envelope.occurred_at,
                summary=summary_of(envelope.event_type, payload),
                trace_id=trace_id_of(envelope.trace),
                subject=subject_of(payload),
                details={
                    k: v for k, v in payload.items() if k not in EnvelopeOnly.__struct_fields__
                },
            )
        )
    return appended


async def _append(trail: TrailRepository, envelope: EnvelopeOnly, payload: dict[str, Any]) -> bool:
    # Several audit replicas may append to one workspace at once: the loser of a sequence
    # number reads the new head and tries again.
    for _ in range(_MAX_RACES):
        if await trail.has_event(tenant_id=envelope.tenant_id, event_id=envelope.event_id):
            return False
        seq, prev_hash = await trail.head(tenant_id=envelope.tenant_id)
        entry = next_entry(
            tenant_id=envelope.tenant_id,
            seq=seq + 1,
            prev_hash=prev_hash,
            event_id=envelope.event_id,
            event_type=envelope.event_type,
            actor=envelope.actor,
            occurred_at=envelope.occurred_at,
            payload=payload,
        )
        outcome = await trail.append(entry)
        if outcome is not Appended.SEQUENCE_TAKEN:
            return outcome is Appended.APPENDED
    raise RuntimeError(f"could not append {envelope.event_id}: too much contention")
