"""The data plane's HTTP server: uvicorn on a socket bound at build time, run as a Worker."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import uvicorn
from litestar import Litestar


class _EmbeddedServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The service process owns SIGTERM/SIGINT and stops this server through `stop`.
        yield


def bind(host: str, port: int) -> socket.socket:
    """Bind now so a busy port fails the process at start-up, not silently later."""
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    return socket.create_server((host, port), family=family, backlog=128)


def public_base(sock: socket.socket) -> str:
    """`http://host:port` of the bound socket (a wildcard address becomes loopback)."""
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class DataPlaneServer:
    """Serves until `stop` is set, then lets in-flight transfers finish (bounded)."""

    def __init__(self, app: Litestar, sock: socket.socket, *, drain_timeout_s: float) -> None:
        self._sock = sock
        config = uvicorn.Config(
            app,
            lifespan="off",
            log_config=None,
            access_log=False,  # URLs carry signed tokens: they must not land in access logs
            server_header=False,
            timeout_graceful_shutdown=max(1, int(drain_timeout_s)),
        )
        self._server = _EmbeddedServer(config)

    async def run(self, stop: asyncio.Event) -> None:
        serving = asyncio.create_task(self._server.serve(sockets=[self._sock]))
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
            self._server.should_exit = True
            await serving
        finally:
            stopping.cancel()
            self._sock.close()
