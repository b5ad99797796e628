"""The whole platform behind real HTTP ports, plus the web app: what a browser needs to reach.

Services run in the test's loop (as tests/e2e does); the gateway, the web app, the media data
plane and the provider sandbox listen on free 127.0.0.1 ports, because the browser follows real
redirects (OAuth consent -> gateway callback -> web app) and PUTs uploads to the data plane.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import secrets
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import uvicorn

from sandbox.runner import RunningSandbox, running_sandbox
from services.gateway.bootstrap import build as build_gateway
from services.publisher.bootstrap import Overrides
from services.publisher.bootstrap import build as build_publisher
from shared.runtime import ServiceApp
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.auth.platform import drop_databases, module_settings
from tests.support.platform import start_service
from web.app import create_app
from web.settings import load_web_settings

# Every provider URL the services read (auth connects, the publisher posts) -> sandbox path.
PROVIDER_URLS = {
    "GAMONTJ_TIKTOK_AUTH_URL": "tiktok",
    "GAMONTJ_TIKTOK_API_URL": "tiktok",
    "GAMONTJ_MASTODON_INSTANCE_URL": "mastodon",
    "GAMONTJ_BLUESKY_PDS_URL": "bluesky",
}


class SteppableClock:
    """The publisher's clock (its Clock port): real time plus an offset the test can advance.

    A post scheduled "a minute ahead" comes due when the test moves this clock past it, so
    the story needs no real minute of waiting (tests/e2e schedules seconds ahead instead).
    """

    def __init__(self) -> None:
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, by: timedelta) -> None:
        with self._lock:
            self._offset += by


@dataclass
class WebPlatform:
    web_url: str
    gateway_url: str
    sandbox: RunningSandbox
    clock: SteppableClock
    settings: Settings


def bound_socket() -> socket.socket:
    return socket.create_server(("127.0.0.1", 0))


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{host}:{port}"


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # pytest owns the signals


@contextlib.asynccontextmanager
async def serving(app: Any, sock: socket.socket) -> AsyncIterator[None]:
    """uvicorn in this loop on an already bound socket, lifespan on (startup hooks run)."""
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on")
    server = _QuietServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        await task


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.asynccontextmanager
async def web_platform(
    nats_url: str, mongo_url: str, data_dir: Path, telemetry: Telemetry
) -> AsyncIterator[WebPlatform]:
    gateway_sock, web_sock, media_sock = bound_socket(), bound_socket(), bound_socket()
    gateway_url, web_url = url_of(gateway_sock), url_of(web_sock)
    media_port = media_sock.getsockname()[1]
    media_sock.close()  # the media service binds it itself; a brief gap is acceptable here
    clock = SteppableClock()
    async with running_sandbox() as sandbox:
        env = {name: sandbox.url(provider) for name, provider in PROVIDER_URLS.items()}
        env |= {
            "GAMONTJ_PUBLIC_BASE_URL": gateway_url,
            "GAMONTJ_MEDIA_CORS_ORIGINS": web_url,
        }
        base = module_settings(nats_url, mongo_url, data_dir)
        settings = msgspec.structs.replace(
            base,
            connect_return_url=f"{web_url}/connections/return",
            media_http_port=media_port,
            publisher_idle_s=0.2,
            publisher_poll_gap_s=0.3,
            publisher_poll_cap_s=1.0,
        )
        with environment(env):
            services = await _start_services(settings, telemetry, clock)
            try:
                gateway = build_gateway(settings, telemetry)
                web = create_app(_web_settings(web_url, gateway_url, media_port, data_dir))
                async with serving(gateway.app, gateway_sock), serving(web, web_sock):
                    yield WebPlatform(web_url, gateway_url, sandbox, clock, settings)
            finally:
                for app in reversed(services):
                    if not app.stopped:
                        await app.stop()
                await drop_databases(settings)


async def _start_services(
    settings: Settings, telemetry: Telemetry, clock: SteppableClock
) -> list[ServiceApp]:
    started = [await start_service(name, settings, telemetry) for name in ("auth", "media")]
    publisher = build_publisher(settings, telemetry, Overrides(clock=clock))
    await publisher.start()
    started.append(publisher)
    started.append(await start_service("audit", settings, telemetry))
    return started


def _web_settings(web_url: str, gateway_url: str, media_port: int, data_dir: Path) -> Any:
    return load_web_settings(
        {
            "GAMONTJ_WEB_PUBLIC_URL": web_url,
            "GAMONTJ_WEB_GATEWAY_URL": gateway_url,
            "GAMONTJ_WEB_MEDIA_ORIGINS": f"http://127.0.0.1:{media_port}",
            "GAMONTJ_WEB_SESSION_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "GAMONTJ_DATA_DIR": str(data_dir),
        }
    )
