"""Data-subject requests in audit: filing and reading them (`rpc.audit.privacy.*`), and audit's
own part of every saga (`rpc.audit.{export,erase,rectify}_subject`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from faststream.nats import NatsBroker

from services.audit.app.erase_subject import erase_subject
from services.audit.app.export_subject import export_subject
from services.audit.app.privacy_requests import download, file_request, read_request
from services.audit.app.rectify_subject import rectify_subject
from services.audit.ports.privacy_request_repository import PrivacyRequestRepository
from services.audit.ports.privacy_trail import PrivacyTrail
from services.audit.ports.subject_services import SubjectServices
from shared.contracts import privacy as p
from shared.messaging.rpc import rpc_handler

QUEUE = "audit"


def _now() -> datetime:
    return datetime.now(UTC)


def register_privacy_rpc(
    broker: NatsBroker,
    repo: PrivacyRequestRepository,
    services: SubjectServices,
    trail: PrivacyTrail,
    *,
    filed: Callable[[], None],
) -> None:
    """`filed` wakes the saga worker when a new request is stored."""

    @rpc_handler(broker, p.CREATE_REQUEST, queue=QUEUE, request_type=p.CreatePrivacyRequest)
    async def create(request: p.CreatePrivacyRequest) -> p.PrivacyRequestView:
        answer = await file_request(repo, services, request, now=_now())
        filed()
        return answer

    @rpc_handler(broker, p.GET_REQUEST, queue=QUEUE, request_type=p.GetPrivacyRequest)
    async def read(request: p.GetPrivacyRequest) -> p.PrivacyRequestView:
        return await read_request(repo, request)

    @rpc_handler(broker, p.DOWNLOAD, queue=QUEUE, request_type=p.GetPrivacyRequest)
    async def bundle(request: p.GetPrivacyRequest) -> p.PrivacyBundle:
        return await download(repo, request, now=_now)

    @rpc_handler(broker, p.export_subject("audit"), queue=QUEUE, request_type=p.SubjectCall)
    async def export(request: p.SubjectCall) -> p.ServicePart:
        return await export_subject(trail, request)

    @rpc_handler(broker, p.erase_subject("audit"), queue=QUEUE, request_type=p.SubjectCall)
    async def erase(request: p.SubjectCall) -> p.ServicePart:
        return await erase_subject(trail, request)

    @rpc_handler(broker, p.rectify_subject("audit"), queue=QUEUE, request_type=p.RectifyCall)
    async def rectify(request: p.RectifyCall) -> p.ServicePart:
        return await rectify_subject(request)
