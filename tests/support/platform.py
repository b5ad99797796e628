"""Run the real services and the gateway inside the test's event loop (real NATS and store)."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from services.gateway.bootstrap import build as build_gateway
from shared.runtime import ServiceApp
from shared.settings import Settings
from shared.telemetry import Telemetry

BACKEND_SERVICES = ("auth", "media", "publisher", "audit")


async def start_service(name: str, settings: Settings, telemetry: Telemetry) -> ServiceApp:
    bootstrap = importlib.import_module(f"services.{name}.bootstrap")
    app: ServiceApp = bootstrap.build(settings, telemetry)
    await app.start()
    return app


@asynccontextmanager
async def gateway_client(settings: Settings, telemetry: Telemetry) -> AsyncIterator[httpx.AsyncClient]:
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
