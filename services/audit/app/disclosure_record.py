"""Use case: a `*.data_disclosed` event becomes an entry of its workspace's disclosure ledger."""

from __future__ import annotations

import msgspec

from services.audit.domain.disclosure_entry import DisclosureEntry
from services.audit.domain.ops import trace_id_of
from services.audit.ports.disclosure_ledger import DisclosureLedger
from shared.contracts.disclosures import DisclosedEnvelope


class UnreadableDisclosure(Exception):
    """The message is not a disclosure event; retrying cannot help."""


async def record_disclosure(ledger: DisclosureLedger, body: bytes) -> DisclosureEntry:
    """Idempotent: a redelivered event rewrites the same entry."""
    try:
        event = msgspec.json.decode(body, type=DisclosedEnvelope)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise UnreadableDisclosure(str(exc)) from exc
    told = event.disclosure
    entry = DisclosureEntry(
        tenant_id=event.tenant_id,
        entry_id=event.event_id,
        source=event.event_type.split(".", 1)[0],
        provider=told.provider,
        connection_id=told.connection_id,
        categories=sorted(set(told.categories)),
        purpose=told.purpose,
        post_id=told.post_id,
        target_id=told.target_id,
        media_ids=list(told.media_ids),
        attempt=told.attempt,
        occurred_at=event.occurred_at,
        trace_id=trace_id_of(event.trace),
    )
    await ledger.record(entry)
    return entry
