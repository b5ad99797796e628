"""Request/reply handlers for provider connections; domain errors become problems here only."""

from __future__ import annotations

from collections.abc import Callable

from faststream.nats import NatsBroker

from services.auth.app.complete_authorization import CallbackInput, complete_authorization
from services.auth.app.connect_with_password import connect_with_password
from services.auth.app.connection_context import ConnectionContext
from services.auth.app.disconnect_connection import disconnect_connection
from services.auth.app.refresh_connection import refresh_connection
from services.auth.app.start_authorization import start_authorization
from services.auth.domain.permissions import Permission, allows
from services.auth.domain.provider_catalog import CATALOG
from services.auth.domain.roles import Role
from services.auth.entrypoints.connection_translation import NOT_FOUND, problems, view
from services.auth.entrypoints.nats_internal_connection_rpc import (
    register_internal_connection_rpc,
)
from shared.contracts import connection_rpc as rpc
from shared.errors import Problem, ProblemCode
from shared.messaging.rpc import rpc_handler
from shared.tenancy import RequestContext

QUEUE = "auth"


def register_connection_rpc(
    broker: NatsBroker, ctx: ConnectionContext, redirect_uri: Callable[[str], str]
) -> None:
    """Attach every `rpc.auth.connections.*` handler, `rpc.auth.providers` and the token RPC."""

    @rpc_handler(broker, rpc.AUTHORIZE, queue=QUEUE, request_type=rpc.AuthorizeConnection)
    async def authorize(request: rpc.AuthorizeConnection) -> rpc.AuthorizationStarted:
        tenant, user = _manager(request.ctx)
        async with problems():
            started = await start_authorization(
                ctx,
                tenant_id=tenant,
                user_id=user,
                provider=request.provider,
                redirect_uri=redirect_uri(request.provider),
                browser_binding=request.browser_binding,
            )
        return rpc.AuthorizationStarted(
            authorize_url=started.authorize_url, expires_in=started.expires_in
        )

    @rpc_handler(broker, rpc.CALLBACK, queue=QUEUE, request_type=rpc.CompleteConnection)
    async def callback(request: rpc.CompleteConnection) -> rpc.ConnectionView:
        caller = request.ctx.actor if request.ctx.tenant_id else ""
        async with problems():
            connection = await complete_authorization(
                ctx,
                CallbackInput(
                    provider=request.provider,
                    state=request.state,
                    code=request.code,
                    error=request.error,
                    error_description=request.error_description,
                    browser_binding=request.browser_binding,
                    caller_user_id=caller,
                ),
            )
        return view(connection)

    @rpc_handler(broker, rpc.CREDENTIALS, queue=QUEUE, request_type=rpc.ConnectWithCredentials)
    async def credentials(request: rpc.ConnectWithCredentials) -> rpc.ConnectionView:
        tenant, user = _manager(request.ctx)
        async with problems():
            connection = await connect_with_password(
                ctx,
                tenant_id=tenant,
                user_id=user,
                provider=request.provider,
                identifier=request.identifier,
                password=request.password,
            )
        return view(connection)

    @rpc_handler(broker, rpc.LIST, queue=QUEUE, request_type=rpc.ListConnections)
    async def list_connections(request: rpc.ListConnections) -> rpc.ConnectionList:
        tenant = request.ctx.require_tenant()
        return rpc.ConnectionList(
            items=[view(c) for c in await ctx.connections.list_all(tenant_id=tenant)]
        )

    @rpc_handler(broker, rpc.GET, queue=QUEUE, request_type=rpc.ConnectionRef)
    async def get_connection(request: rpc.ConnectionRef) -> rpc.ConnectionView:
        tenant = request.ctx.require_tenant()
        found = await ctx.connections.get(tenant_id=tenant, connection_id=request.connection_id)
        if found is None:
            raise Problem(NOT_FOUND, "no such connection", status=404)
        return view(found)

    @rpc_handler(broker, rpc.DISCONNECT, queue=QUEUE, request_type=rpc.ConnectionRef)
    async def disconnect(request: rpc.ConnectionRef) -> rpc.Disconnected:
        tenant, user = _manager(request.ctx)
        async with problems():
            outcome = await disconnect_connection(
                ctx, tenant_id=tenant, connection_id=request.connection_id, actor=user
            )
        return rpc.Disconnected(id=request.connection_id, revocation=outcome)

    @rpc_handler(broker, rpc.REFRESH, queue=QUEUE, request_type=rpc.ConnectionRef)
    async def refresh(request: rpc.ConnectionRef) -> rpc.ConnectionView:
        tenant, _ = _manager(request.ctx)
        async with problems():
            connection = await refresh_connection(
                ctx, tenant_id=tenant, connection_id=request.connection_id, force=True
            )
        return view(connection)

    register_internal_connection_rpc(broker, ctx)

    @rpc_handler(broker, rpc.PROVIDERS, queue=QUEUE, request_type=rpc.ListProviders)
    async def providers(_: rpc.ListProviders) -> rpc.ProviderCatalog:
        configured = set(ctx.providers.names())
        return rpc.ProviderCatalog(
            items=[
                rpc.ProviderInfo(
                    name=p.name,
                    display_name=p.display_name,
                    connect_flow=p.connect_flow,
                    scopes=list(ctx.providers.get(p.name).scopes),
                    media_kinds=list(p.media_kinds),
                    text_limit=p.text_limit,
                    text_unit=p.text_unit,
                    max_media=p.max_media,
                    asynchronous_publishing=p.asynchronous_publishing,
                    notes=p.notes,
                )
                for p in CATALOG
                if p.name in configured
            ]
        )


def _manager(request_ctx: RequestContext) -> tuple[str, str]:
    """Re-check, with the one permission table, what the gateway's guard already checked."""
    tenant = request_ctx.require_tenant()
    try:
        allowed = allows(Role(request_ctx.role or ""), Permission.CONNECTIONS_MANAGE)
    except ValueError:
        allowed = False
    if not allowed:
        raise Problem(ProblemCode.FORBIDDEN, "your role does not allow connections:manage")
    return tenant, request_ctx.actor
