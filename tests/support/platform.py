"""Run the real services and the gateway inside the test's event loop (real NATS and store)."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from faststream.nats import NatsBroker

from services.gateway.bootstrap import build as build_gateway
from shared.runtime import ServiceApp
from shared.settings import Settings
from shared.telemetry import Telemetry

BACKEND_SERVICES = ("auth", "media", "publisher", "audit")
REPO_ROOT = Path(__file__).resolve().parents[2]


async def start_service(name: str, settings: Settings, telemetry: Telemetry) -> ServiceApp:
    return await start_service_app(name, settings, telemetry)


async def start_service_app(
    name: str,
    settings: Settings,
    telemetry: Telemetry,
    *,
    before_start: Callable[[NatsBroker], None] | None = None,
) -> ServiceApp:
    """Build a service exactly as its process does; `before_start` may add test handlers."""
    bootstrap = importlib.import_module(f"services.{name}.bootstrap")
    app: ServiceApp = bootstrap.build(settings, telemetry)
    if before_start is not None:
        before_start(app.broker)
    await app.start()
    return app


@asynccontextmanager
async def gateway_client(
    settings: Settings, telemetry: Telemetry
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway app with its start-up and shutdown hooks, called over an in-loop transport."""
    gateway = build_gateway(settings, telemetry)
    for hook in gateway.app.on_startup:
        await hook()
    try:
        transport = httpx.ASGITransport(app=gateway.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield client
    finally:
        for hook in gateway.app.on_shutdown:
            await hook()
