"""JetStream consumer of the disclosure ledger: every `*.data_disclosed` event, once each."""

from __future__ import annotations

from collections.abc import Mapping

from faststream.nats import NatsBroker

from services.audit.app.disclosure_record import UnreadableDisclosure, record_disclosure
from services.audit.ports.disclosure_ledger import DisclosureLedger
from shared.contracts.disclosures import EVENT_FILTER
from shared.messaging.consumer import PoisonMessage, RetryPolicy, durable_consumer

DISCLOSURE_CONSUMER = "audit_disclosures"


def register_disclosure_consumer(
    broker: NatsBroker, ledger: DisclosureLedger, policy: RetryPolicy
) -> None:
    """Durable pull consumer `audit_disclosures` on `evt.*.data_disclosed.*`."""

    async def on_disclosure(body: bytes, _: Mapping[str, str]) -> None:
        try:
            await record_disclosure(ledger, body)
        except UnreadableDisclosure as exc:
            raise PoisonMessage(str(exc)) from exc

    durable_consumer(
        broker,
        durable=DISCLOSURE_CONSUMER,
        filter_subject=EVENT_FILTER,
        handler=on_disclosure,
        policy=policy,
    )
