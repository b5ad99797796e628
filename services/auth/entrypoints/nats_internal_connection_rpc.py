"""Handlers other services call about connections (never routed by the gateway)."""

from __future__ import annotations

from datetime import timedelta

from faststream.nats import NatsBroker

from services.auth.app.connection_context import ConnectionContext
from services.auth.app.connection_token import connection_token
from services.auth.domain.connection import Connection
from services.auth.entrypoints.connection_translation import NOT_FOUND, problems
from shared.contracts import connections as contract
from shared.errors import Problem
from shared.messaging.rpc import rpc_handler

QUEUE = "auth"


def register_internal_connection_rpc(broker: NatsBroker, ctx: ConnectionContext) -> None:
    """`rpc.auth.describe_connection` and `rpc.auth.connection_token` for the publisher."""

    @rpc_handler(
        broker,
        contract.DESCRIBE_CONNECTION,
        queue=QUEUE,
        request_type=contract.DescribeConnectionRequest,
    )
    async def describe(
        request: contract.DescribeConnectionRequest,
    ) -> contract.ConnectionDescription:
        tenant = request.ctx.require_tenant()
        found = await ctx.connections.get(tenant_id=tenant, connection_id=request.connection_id)
        if found is None:
            raise Problem(NOT_FOUND, "no such connection", status=404)
        return contract.ConnectionDescription(
            connection_id=found.id,
            provider=found.provider,
            status=found.status.value,
            scopes=list(found.scopes),
            account_id=found.account_id,
            handle=found.handle,
            display_name=found.display_name,
            endpoint=_endpoint(ctx, found),
        )

    @rpc_handler(
        broker, contract.CONNECTION_TOKEN, queue=QUEUE, request_type=contract.ConnectionTokenRequest
    )
    async def token(request: contract.ConnectionTokenRequest) -> contract.ConnectionToken:
        tenant = request.ctx.require_tenant()
        async with problems():
            issued = await connection_token(
                ctx,
                tenant_id=tenant,
                connection_id=request.connection_id,
                min_valid=timedelta(seconds=request.min_valid_s),
            )
        found = issued.connection
        return contract.ConnectionToken(
            connection_id=found.id,
            provider=found.provider,
            access_token=issued.access_token,
            expires_at=issued.expires_at,
            scopes=list(found.scopes),
            account_id=found.account_id,
            endpoint=_endpoint(ctx, found),
        )


def _endpoint(ctx: ConnectionContext, connection: Connection) -> str:
    return ctx.providers.get(connection.provider).endpoint
