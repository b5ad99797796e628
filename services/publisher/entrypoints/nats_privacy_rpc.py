"""Data-subject request handlers of the publisher (`rpc.publisher.*_subject`)."""

from __future__ import annotations

from faststream.nats import NatsBroker

from services.publisher.app.erase_subject import erase_subject
from services.publisher.app.export_subject import export_subject
from services.publisher.app.rectify_subject import rectify_subject
from services.publisher.ports.subject_records import SubjectRecords
from shared.contracts import privacy as p
from shared.messaging.rpc import rpc_handler

QUEUE = "publisher"


def register_privacy_rpc(broker: NatsBroker, records: SubjectRecords) -> None:
    """Called by audit's saga only."""

    @rpc_handler(broker, p.export_subject("publisher"), queue=QUEUE, request_type=p.SubjectCall)
    async def export(request: p.SubjectCall) -> p.ServicePart:
        return await export_subject(records, request)

    @rpc_handler(broker, p.erase_subject("publisher"), queue=QUEUE, request_type=p.SubjectCall)
    async def erase(request: p.SubjectCall) -> p.ServicePart:
        return await erase_subject(records, request)

    @rpc_handler(broker, p.rectify_subject("publisher"), queue=QUEUE, request_type=p.RectifyCall)
    async def rectify(request: p.RectifyCall) -> p.ServicePart:
        return await rectify_subject(request)
