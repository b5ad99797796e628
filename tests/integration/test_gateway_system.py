"""The gateway's system surface: readiness of every component, problems, headers, limits."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import post
from litestar.params import JSONBody
from nats.js.client import JetStreamContext

from services.gateway.entrypoints.http.app import create_app
from services.gateway.entrypoints.http.dependencies import GatewayDeps
from shared.runtime import ServiceApp
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.support.fakes import FakeHealthProbe
from tests.support.platform import BACKEND_SERVICES, gateway_client, start_service

pytestmark = pytest.mark.integration


@pytest.fixture
async def services(
    settings: Settings, telemetry: Telemetry, js: JetStreamContext
) -> AsyncIterator[dict[str, ServiceApp]]:
    running = {name: await start_service(name, settings, telemetry) for name in BACKEND_SERVICES}
    yield running
    for app in running.values():
        if not app.stopped:
            await app.stop()


@pytest.fixture
async def client(settings: Settings, telemetry: Telemetry) -> AsyncIterator[httpx.AsyncClient]:
    async with gateway_client(settings, telemetry) as http:
        yield http


async def test_readyz_is_200_when_nats_and_every_service_with_its_store_answer(
    services: dict[str, ServiceApp], client: httpx.AsyncClient
) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["components"]["nats"]["ok"] is True
    for name in BACKEND_SERVICES:
        assert body["components"][name]["ok"] is True
        assert body["components"][name]["mongo"] is True


async def test_readyz_is_503_and_names_the_service_that_stopped(
    services: dict[str, ServiceApp], client: httpx.AsyncClient
) -> None:
    await services["media"].stop()
    response = await client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["components"]["media"] == {"ok": False, "detail": "service_unavailable"}
    assert body["components"]["auth"]["ok"] is True


async def test_healthz_answers_without_any_backend(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_unknown_paths_are_problems_with_a_stable_code(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "not_found" and problem["status"] == 404
    assert problem["instance"] == "/v1/nothing-here"


async def test_a_wrong_method_is_a_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.delete("/healthz")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


async def test_bodies_over_the_limit_are_refused_with_413(telemetry: Telemetry) -> None:
    @post("/kerneltest/echo", status_code=200)
    async def echo(data: JSONBody[dict[str, str]]) -> dict[str, str]:
        return data

    deps = GatewayDeps(FakeHealthProbe(), 1.0, dict)
    app = create_app(deps, max_request_bytes=64, route_handlers=[echo])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        small = await http.post("/kerneltest/echo", json={"a": "b"})
        large = await http.post("/kerneltest/echo", json={"a": "b" * 100})
        streamed = await http.post("/kerneltest/echo", content=_chunks(b"{" + b" " * 100 + b"}"))
    assert small.status_code == 200
    for refused in (large, streamed):
        assert refused.status_code == 413
        assert refused.json()["code"] == "payload_too_large"


async def _chunks(data: bytes) -> AsyncIterator[bytes]:
    # No Content-Length: the limit must hold while the body streams in.
    for start in range(0, len(data), 16):
        yield data[start : start + 16]


async def test_every_response_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    for path in ("/healthz", "/v1/nothing-here"):
        headers = (await client.get(path)).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
        assert "default-src 'none'" in headers["content-security-policy"]


async def test_the_openapi_document_and_its_ui_are_served(client: httpx.AsyncClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    assert document["openapi"].startswith("3.1")
    assert {"/healthz", "/readyz", "/asyncapi"} <= set(document["paths"])
    ui = await client.get("/schema/swagger")
    assert ui.status_code == 200 and "swagger" in ui.text.lower()


async def test_asyncapi_lists_every_service_rpc_channel(client: httpx.AsyncClient) -> None:
    document = (await client.get("/asyncapi")).json()
    assert document["asyncapi"].startswith("3.")
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert {f"rpc.{name}.health" for name in BACKEND_SERVICES} <= addresses
