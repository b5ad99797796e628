"""Use case: a message some consumer gave up on becomes an ops-log entry of its workspace."""

from __future__ import annotations

from typing import Any

import msgspec

from services.audit.domain.ops import DEAD_LETTERED, OpsEntry, trace_id_of
from services.audit.ports.ops_log_repository import OpsLogRepository
from shared.messaging.consumer import DeadLetter


async def record_dead_letter(ops: OpsLogRepository, body: bytes) -> bool:
    """False when the dead message names no workspace (it is kept in DEAD for operators)."""
    letter = msgspec.json.decode(body, type=DeadLetter)
    try:
        original: dict[str, Any] = msgspec.json.decode(letter.data, type=dict[str, Any])
    except msgspec.DecodeError:
        return False
    tenant_id = original.get("tenant_id")
    if not isinstance(tenant_id, str) or not tenant_id:
        return False
    await ops.record(
        OpsEntry(
            tenant_id=tenant_id,
            entry_id=f"dead:{letter.consumer}:{letter.stream_sequence}",
            kind=DEAD_LETTERED,
            level="error",
            occurred_at=letter.dead_at,
            summary=(
                f"{letter.consumer} gave up after {letter.deliveries} attempts: {letter.reason}"
            ),
            trace_id=trace_id_of(str(original.get("trace", ""))),
            subject=str(original.get("event_type", "")),
            details={"consumer": letter.consumer, "subject": letter.subject},
        )
    )
    return True
