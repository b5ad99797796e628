"""The gateway's Litestar application factory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from litestar import Litestar
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from litestar.types import ControllerRouterHandler
from opentelemetry.metrics import MeterProvider
from opentelemetry.trace import TracerProvider

from services.gateway.entrypoints.http.authentication import SECURITY_COMPONENTS
from services.gateway.entrypoints.http.dependencies import GatewayDeps
from services.gateway.entrypoints.http.options_allow import repair_options_allow
from services.gateway.entrypoints.http.problems import EXCEPTION_HANDLERS
from services.gateway.entrypoints.http.security_headers import add_security_headers
from services.gateway.entrypoints.http.span_names import name_span_after_route
from services.gateway.entrypoints.http.system import SystemController

API_VERSION = "0.1.0"
# Probes run every few seconds; tracing them would bury the traces operators look for.
UNTRACED_PATHS = ["/healthz", "/readyz"]


def create_app(
    deps: GatewayDeps,
    *,
    max_request_bytes: int,
    tracer_provider: TracerProvider | None = None,
    meter_provider: MeterProvider | None = None,
    route_handlers: Sequence[ControllerRouterHandler] = (),
    on_startup: Sequence[Callable[[], Any]] = (),
    on_shutdown: Sequence[Callable[[], Any]] = (),
) -> Litestar:
    telemetry = OpenTelemetryConfig(
        tracer_provider=tracer_provider,
        meter_provider=meter_provider,
        exclude=UNTRACED_PATHS,
        exclude_spans=["receive", "send"],
    )
    app = Litestar(
        route_handlers=[SystemController, *route_handlers],
        state=State({"deps": deps}),
        exception_handlers=EXCEPTION_HANDLERS,
        before_send=[add_security_headers],
        before_request=name_span_after_route,
        request_max_body_size=max_request_bytes,
        # Logging is configured once per process (JSON lines with trace ids), not by Litestar.
        logging_config=None,
        plugins=[OpenTelemetryPlugin(telemetry)],
        openapi_config=OpenAPIConfig(
            title="Gamontj API",
            version=API_VERSION,
            description="Multi-tenant social publishing: every error is application/problem+json.",
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
            components=SECURITY_COMPONENTS,
        ),
        on_startup=list(on_startup),
        on_shutdown=list(on_shutdown),
    )
    repair_options_allow(app)
    return app
