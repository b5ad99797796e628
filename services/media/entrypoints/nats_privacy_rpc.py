"""Data-subject request handlers of media (`rpc.media.{export,erase,rectify}_subject`)."""

from __future__ import annotations

from faststream.nats import NatsBroker

from services.media.app.erase_subject import erase_subject
from services.media.app.export_subject import export_subject
from services.media.app.rectify_subject import rectify_subject
from services.media.ports.blob_storage import BlobStorage
from services.media.ports.subject_records import SubjectRecords
from shared.contracts import privacy as p
from shared.messaging.rpc import rpc_handler


def register_privacy_rpc(
    broker: NatsBroker, records: SubjectRecords, storage: BlobStorage, *, queue: str
) -> None:
    """Called by audit's saga only."""

    @rpc_handler(broker, p.export_subject("media"), queue=queue, request_type=p.SubjectCall)
    async def export(request: p.SubjectCall) -> p.ServicePart:
        return await export_subject(records, request)

    @rpc_handler(broker, p.erase_subject("media"), queue=queue, request_type=p.SubjectCall)
    async def erase(request: p.SubjectCall) -> p.ServicePart:
        return await erase_subject(records, storage, request)

    @rpc_handler(broker, p.rectify_subject("media"), queue=queue, request_type=p.RectifyCall)
    async def rectify(request: p.RectifyCall) -> p.ServicePart:
        return await rectify_subject(request)
