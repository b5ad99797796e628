"""The operational log: failures a workspace needs to see to troubleshoot, with trace ids."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

# Event types that are failures worth a troubleshooting entry, with the level they get.
OPERATIONAL = {
    "publisher.post_failed": "error",
    "publisher.post_unconfirmed": "warning",
    "auth.connection_refresh_failed": "warning",
    "auth.connection_reauth_required": "error",
    "media.rejected": "warning",
}
DEAD_LETTERED = "messaging.dead_lettered"


class OpsEntry(msgspec.Struct, frozen=True, kw_only=True):
    tenant_id: str
    entry_id: str
    kind: str
    level: str
    occurred_at: datetime
    summary: str
    trace_id: str = ""
    subject: str = ""
    details: dict[str, Any] = msgspec.field(default_factory=dict)


def trace_id_of(traceparent: str) -> str:
    """`00-<trace id>-<span id>-<flags>` → the trace id operators search for in Grafana."""
    parts = traceparent.split("-")
    return parts[1] if len(parts) == 4 and len(parts[1]) == 32 else ""


def summary_of(event_type: str, payload: dict[str, Any]) -> str:
    reason = payload.get("reason") or payload.get("failure") or payload.get("detail") or ""
    return f"{event_type}: {reason}" if reason else event_type
