"""ConnectionDirectory over NATS RPC to auth (`shared/contracts/connections.py`)."""

from __future__ import annotations

from services.publisher.domain.inputs import AccessGrant, ConnectionInfo, ConnectionStatus
from services.publisher.ports.connection_directory import ConnectionUnavailable
from shared.contracts.connections import (
    CONNECTION_TOKEN,
    DESCRIBE_CONNECTION,
    ConnectionDescription,
    ConnectionToken,
    ConnectionTokenRequest,
    DescribeConnectionRequest,
)
from shared.errors import Problem
from shared.messaging.rpc import RpcClient
from shared.tenancy import RequestContext, TenantId

UNUSABLE = {"connection_needs_reauth", "connection_revoked"}


class NatsConnectionDirectory:
    def __init__(self, rpc: RpcClient) -> None:
        self._rpc = rpc

    async def describe(self, *, tenant_id: str, connection_id: str) -> ConnectionInfo | None:
        request = DescribeConnectionRequest(ctx=_system(tenant_id), connection_id=connection_id)
        try:
            found = await self._rpc.call(DESCRIBE_CONNECTION, request, ConnectionDescription)
        except Problem as problem:
            if problem.code == "connection_not_found":
                return None
            raise ConnectionUnavailable(problem.code) from problem
        return ConnectionInfo(
            id=found.connection_id,
            provider=found.provider,
            status=ConnectionStatus(found.status),
            scopes=tuple(found.scopes),
            account_id=found.account_id,
            handle=found.handle,
            endpoint=found.endpoint,
        )

    async def access(self, *, tenant_id: str, connection_id: str) -> AccessGrant | None:
        request = ConnectionTokenRequest(ctx=_system(tenant_id), connection_id=connection_id)
        try:
            token = await self._rpc.call(CONNECTION_TOKEN, request, ConnectionToken)
        except Problem as problem:
            if problem.code == "connection_not_found":
                return None
            if problem.code in UNUSABLE:
                info = await self.describe(tenant_id=tenant_id, connection_id=connection_id)
                return None if info is None else AccessGrant(connection=info, access_token="")
            raise ConnectionUnavailable(problem.code) from problem
        info = ConnectionInfo(
            id=token.connection_id,
            provider=token.provider,
            scopes=tuple(token.scopes),
            account_id=token.account_id,
            endpoint=token.endpoint,
        )
        return AccessGrant(connection=info, access_token=token.access_token)


def _system(tenant_id: str) -> RequestContext:
    return RequestContext(tenant_id=TenantId(tenant_id), actor="system")
