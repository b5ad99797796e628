"""System endpoints: liveness, readiness of every component, and the event catalogue."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec

from services.gateway.app.check_readiness import check_readiness
from services.gateway.domain.readiness import ReadinessReport
from services.gateway.entrypoints.http.dependencies import GatewayDeps


class Liveness(msgspec.Struct, frozen=True):
    status: str


class SystemController(Controller):
    tags = ["system"]

    @get("/healthz", operation_id="getHealthz", summary="The gateway process is alive")
    async def healthz(self) -> Liveness:
        return Liveness(status="ok")

    @get(
        "/readyz",
        operation_id="getReadyz",
        summary="NATS reachable and every service answering with its store reachable",
        responses={503: ResponseSpec(ReadinessReport, description="Something is not ready")},
    )
    async def readyz(self, state: State) -> Response[ReadinessReport]:
        deps: GatewayDeps = state.deps
        report = await check_readiness(deps.probe, timeout_s=deps.readiness_timeout_s)
        return Response(report, status_code=200 if report.status == "ok" else 503)

    @get("/asyncapi", operation_id="getAsyncapi", summary="AsyncAPI 3.0 catalogue of events")
    async def asyncapi(self, state: State) -> dict[str, Any]:
        deps: GatewayDeps = state.deps
        return deps.asyncapi()
