"""Request/reply handler of the disclosure ledger (`rpc.audit.disclosures`)."""

from __future__ import annotations

from faststream.nats import NatsBroker

from services.audit.app.disclosure_read import read_disclosures
from services.audit.app.read_trail import NotAllowed
from services.audit.domain.disclosure_entry import DisclosureEntry
from services.audit.ports.disclosure_ledger import DisclosureFilter, DisclosureLedger
from shared.contracts import disclosures as contract
from shared.errors import Problem, ProblemCode
from shared.messaging.rpc import rpc_handler

QUEUE = "audit"


def register_disclosure_rpc(broker: NatsBroker, ledger: DisclosureLedger) -> None:
    @rpc_handler(broker, contract.READ, queue=QUEUE, request_type=contract.ReadDisclosures)
    async def page(request: contract.ReadDisclosures) -> contract.DisclosurePage:
        where = DisclosureFilter(
            occurred_from=request.occurred_from,
            occurred_to=request.occurred_to,
            provider=request.provider,
        )
        try:
            entries = await read_disclosures(
                ledger,
                tenant_id=request.ctx.require_tenant(),
                role=request.ctx.role,
                where=where,
                before=request.cursor,
                limit=request.limit,
            )
        except NotAllowed as exc:
            raise Problem(
                ProblemCode.FORBIDDEN, "only owners and admins read the disclosure ledger"
            ) from exc
        cursor = entries[-1].position if len(entries) == request.limit else None
        return contract.DisclosurePage(items=[_item(e) for e in entries], next_cursor=cursor)


def _item(entry: DisclosureEntry) -> contract.DisclosureItem:
    return contract.DisclosureItem(
        id=entry.entry_id,
        source=entry.source,
        provider=entry.provider,
        connection_id=entry.connection_id,
        categories=entry.categories,
        purpose=entry.purpose,
        post_id=entry.post_id,
        target_id=entry.target_id,
        media_ids=entry.media_ids,
        attempt=entry.attempt,
        occurred_at=entry.occurred_at,
        trace_id=entry.trace_id,
    )
