"""Request/reply handlers for retention settings (`rpc.audit.retention.*`)."""

from __future__ import annotations

import msgspec
from faststream.nats import NatsBroker

from services.audit.app.read_trail import NotAllowed
from services.audit.app.retention import InvalidRetention, get_retention, put_retention
from services.audit.domain.retention import RetentionSettings
from services.audit.ports.retention_repository import RetentionRepository
from shared.contracts import audit as contract
from shared.errors import Problem, ProblemCode
from shared.messaging.rpc import rpc_handler

QUEUE = "audit"


def register_retention_rpc(broker: NatsBroker, retention: RetentionRepository) -> None:
    @rpc_handler(broker, contract.RETENTION_GET, queue=QUEUE, request_type=contract.GetRetention)
    async def read(request: contract.GetRetention) -> contract.Retention:
        found = await get_retention(retention, tenant_id=request.ctx.require_tenant())
        return _wire(found)

    @rpc_handler(broker, contract.RETENTION_PUT, queue=QUEUE, request_type=contract.PutRetention)
    async def write(request: contract.PutRetention) -> contract.Retention:
        wanted = msgspec.convert(msgspec.to_builtins(request.settings), RetentionSettings)
        try:
            stored = await put_retention(
                retention,
                tenant_id=request.ctx.require_tenant(),
                role=request.ctx.role,
                actor=request.ctx.actor,
                wanted=wanted,
            )
        except NotAllowed as exc:
            raise Problem(ProblemCode.FORBIDDEN, "only owners and admins change retention") from exc
        except InvalidRetention as exc:
            raise Problem(
                ProblemCode.VALIDATION_FAILED,
                "retention settings out of bounds",
                errors=exc.problems,
            ) from exc
        return _wire(stored)


def _wire(settings: RetentionSettings) -> contract.Retention:
    return msgspec.convert(msgspec.to_builtins(settings), contract.Retention)
