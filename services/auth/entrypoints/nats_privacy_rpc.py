"""Data-subject request handlers of auth: scope, export, erase, rectify (`rpc.auth.*_subject`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from faststream.nats import NatsBroker

from services.auth.app.erase_subject import erase_subject
from services.auth.app.erase_subject_scope import SubjectContext, subject_scope
from services.auth.app.export_subject import export_subject
from services.auth.app.rectify_subject import rectify_subject
from services.auth.domain.errors import AuthError
from services.auth.entrypoints.problems import to_problem
from shared.contracts import privacy as p
from shared.contracts.rpc import RpcRequest
from shared.messaging.rpc import rpc_handler

QUEUE = "auth"
UseCase = Callable[[SubjectContext, Any], Awaitable[Any]]

ROUTES: list[tuple[str, type[RpcRequest], UseCase]] = [
    (p.SCOPE, p.ScopeCall, subject_scope),
    (p.export_subject("auth"), p.SubjectCall, export_subject),
    (p.erase_subject("auth"), p.SubjectCall, erase_subject),
    (p.rectify_subject("auth"), p.RectifyCall, rectify_subject),
]


def register_privacy_rpc(broker: NatsBroker, ctx: SubjectContext) -> None:
    """Serve the subject handlers; only audit's saga calls the last three."""
    for subject, request_type, use_case in ROUTES:
        _serve(broker, ctx, subject, request_type, use_case)


def _serve(
    broker: NatsBroker,
    ctx: SubjectContext,
    subject: str,
    request_type: type[RpcRequest],
    use_case: UseCase,
) -> None:
    @rpc_handler(broker, subject, queue=QUEUE, request_type=request_type)
    async def handle(request: RpcRequest) -> Any:
        try:
            return await use_case(ctx, request)
        except AuthError as error:
            raise to_problem(error) from None
