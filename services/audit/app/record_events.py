"""Use case: record a fetched batch of events, one ordered insert per workspace chain."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

import msgspec

from services.audit.app.record_event import record_event
from services.audit.domain.ops import OPERATIONAL
from services.audit.domain.trail import TrailEntry, next_entry
from services.audit.ports.ops_log_repository import OpsLogRepository
from services.audit.ports.trail_repository import TrailRepository
from shared.contracts.envelope import EnvelopeOnly

Decoded = tuple[EnvelopeOnly, dict[str, Any], bytes]


async def record_events(trail: TrailRepository, ops: OpsLogRepository, bodies: list[bytes]) -> None:
    """Fast path for bursts; any chain that races another writer falls back to one by one.

    Raises on an undecodable message so the consumer settles the batch message by message.
    """
    decoded = [_decode(body) for body in bodies]
    by_tenant: dict[str, list[Decoded]] = defaultdict(list)
    for item in decoded:
        by_tenant[item[0].tenant_id].append(item)
    tenants = list(by_tenant)
    seen = await trail.recorded(
        tenant_ids=tenants, event_ids=[envelope.event_id for envelope, _, _ in decoded]
    )
    heads = await trail.heads(tenant_ids=tenants)
    await asyncio.gather(
        *(_record_chain(trail, ops, items, heads[t], seen) for t, items in by_tenant.items())
    )


async def _record_chain(
    trail: TrailRepository,
    ops: OpsLogRepository,
    items: list[Decoded],
    head: tuple[int, str],
    seen: set[str],
) -> None:
    fresh: list[Decoded] = []
    for item in items:  # a batch may carry the same event twice (a redelivery)
        if item[0].event_id not in seen:
            seen.add(item[0].event_id)
            fresh.append(item)
    entries = _chain(fresh, head)
    if entries and not await trail.append_run(entries):
        for _, _, body in fresh:
            await record_event(trail, ops, body)
        return
    for envelope, _, body in fresh:
        if envelope.event_type in OPERATIONAL:
            await record_event(trail, ops, body)  # already in the trail: only the ops entry


def _chain(items: list[Decoded], head: tuple[int, str]) -> list[TrailEntry]:
    seq, prev_hash = head
    entries: list[TrailEntry] = []
    for envelope, payload, _ in items:
        seq += 1
        entry = next_entry(
            tenant_id=envelope.tenant_id,
            seq=seq,
            prev_hash=prev_hash,
            event_id=envelope.event_id,
            event_type=envelope.event_type,
            actor=envelope.actor,
            occurred_at=envelope.occurred_at,
            payload=payload,
        )
        entries.append(entry)
        prev_hash = entry.hash
    return entries


def _decode(body: bytes) -> Decoded:
    return (
        msgspec.json.decode(body, type=EnvelopeOnly),
        msgspec.json.decode(body, type=dict[str, Any]),
        body,
    )
