"""The gateway with the media routes, auth and media in the test's loop (until the gateway's
composition root registers MEDIA_ROUTES itself)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from services.gateway.adapters.nats_health_probe import NatsHealthProbe
from services.gateway.bootstrap import build_identity
from services.gateway.entrypoints.http.app import create_app
from services.gateway.entrypoints.http.dependencies import GatewayDeps
from services.gateway.entrypoints.http.identity_routes import IDENTITY_ROUTES
from services.gateway.entrypoints.http.media_routes import MEDIA_ROUTES
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.rpc import RpcClient
from shared.settings import Settings
from shared.telemetry import Telemetry


@asynccontextmanager
async def media_gateway(
    settings: Settings, telemetry: Telemetry
) -> AsyncIterator[httpx.AsyncClient]:
    broker = make_broker(settings, service="gateway")
    rpc = RpcClient(broker, timeout_s=settings.rpc_timeout_s)
    deps = GatewayDeps(
        probe=NatsHealthProbe(broker, rpc),
        readiness_timeout_s=settings.readiness_timeout_s,
        asyncapi=dict,
        identity=build_identity(settings, rpc),
    )
    app = create_app(
        deps,
        max_request_bytes=settings.max_request_bytes,
        route_handlers=[*IDENTITY_ROUTES, *MEDIA_ROUTES],
    )
    await connect_broker(broker, settings)
    await broker.start()
    try:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield http
    finally:
        await broker.stop()
