"""Single-document outbox: events ride in the aggregate's own write; a relay publishes them.

A writer adds `outbox_update(events)` to the same `update_one` that changes the aggregate (or
`outbox_fields(events)` to the inserted document), so the state change and its events are
stored atomically without multi-document transactions.

Pending entries live in a sub-document keyed by event id (`$set outbox.<id>` / `$unset`), not
in an array: the local wire-protocol store corrupts arrays of sub-documents on `$push` (see
docs/decisions/0003-outbox-and-inbox.md). `outbox_pending` marks documents with work because
emptiness queries are not portable either; `outbox_rev` lets the relay clear that mark without
racing a writer that adds an event meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from shared.contracts.envelope import Event

OUTBOX_FIELD = "outbox"
PENDING_FIELD = "outbox_pending"
REV_FIELD = "outbox_rev"

_encoder = msgspec.json.Encoder()
_propagator = TraceContextTextMapPropagator()


class OutboxEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One pending event as stored inside a document."""

    id: str
    subject: str
    tenant_id: str
    data: str
    traceparent: str = ""


def current_traceparent() -> str:
    if not trace.get_current_span().get_span_context().is_valid:
        return ""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent", "")


def to_entry(event: Event) -> dict[str, Any]:
    """Stamp the event with the current trace and turn it into a storable outbox entry."""
    if not event.trace:
        event = msgspec.structs.replace(event, trace=current_traceparent())
    entry = OutboxEntry(
        id=event.event_id,
        subject=event.subject,
        tenant_id=event.tenant_id,
        data=_encoder.encode(event).decode(),
        traceparent=event.trace,
    )
    return msgspec.to_builtins(entry)  # type: ignore[no-any-return]


def outbox_fields(events: Iterable[Event]) -> dict[str, Any]:
    """Fields to put in a document being inserted together with its events."""
    entries = {entry["id"]: entry for entry in map(to_entry, events)}
    return {OUTBOX_FIELD: entries, PENDING_FIELD: bool(entries), REV_FIELD: 1}


def outbox_update(events: Sequence[Event], update: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merge the outbox additions into an update document (`$set`, `$inc`, … are kept)."""
    merged: dict[str, Any] = {op: dict(value) for op, value in (update or {}).items()}
    if not events:
        return merged
    to_set = merged.setdefault("$set", {})
    for entry in map(to_entry, events):
        to_set[f"{OUTBOX_FIELD}.{entry['id']}"] = entry
    to_set[PENDING_FIELD] = True
    merged.setdefault("$inc", {})[REV_FIELD] = 1
    return merged
