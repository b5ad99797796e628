"""SubjectServices over NATS request/reply (`rpc.<svc>.{export,erase,rectify}_subject`)."""

from __future__ import annotations

from shared.contracts import privacy as p
from shared.messaging.rpc import RpcClient
from shared.tenancy import RequestContext

# An erasure revokes tokens at providers over HTTP: more than an ordinary RPC's budget.
STEP_TIMEOUT_S = 60.0


class NatsSubjectServices:
    def __init__(self, rpc: RpcClient) -> None:
        self._rpc = rpc

    async def scope(self, *, ctx: RequestContext, subject_kind: p.SubjectKind) -> p.Scope:
        return await self._rpc.call(
            p.SCOPE, p.ScopeCall(ctx=ctx, subject_kind=subject_kind), p.Scope
        )

    async def export(
        self, service: str, *, ctx: RequestContext, request_id: str, subject: p.SubjectRef
    ) -> p.ServicePart:
        call = p.SubjectCall(ctx=ctx, request_id=request_id, subject=subject)
        return await self._step(p.export_subject(service), call)

    async def erase(
        self, service: str, *, ctx: RequestContext, request_id: str, subject: p.SubjectRef
    ) -> p.ServicePart:
        call = p.SubjectCall(ctx=ctx, request_id=request_id, subject=subject)
        return await self._step(p.erase_subject(service), call)

    async def rectify(
        self,
        service: str,
        *,
        ctx: RequestContext,
        request_id: str,
        subject: p.SubjectRef,
        changes: p.Changes,
    ) -> p.ServicePart:
        call = p.RectifyCall(ctx=ctx, request_id=request_id, subject=subject, changes=changes)
        return await self._step(p.rectify_subject(service), call)

    async def _step(self, subject: str, call: p.SubjectCall | p.RectifyCall) -> p.ServicePart:
        return await self._rpc.call(subject, call, p.ServicePart, timeout_s=STEP_TIMEOUT_S)
