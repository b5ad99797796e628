"""Run the sandbox inside the current event loop on a free loopback port (for tests)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import uvicorn

from sandbox.app import create_sandbox_app
from sandbox.state import SandboxState


@dataclass(frozen=True)
class RunningSandbox:
    """A live sandbox: where it listens and the state behind it."""

    base_url: str
    state: SandboxState

    def url(self, provider: str) -> str:
        """The base URL an adapter for `provider` should be configured with."""
        return f"{self.base_url}/{provider}"


class _InProcessServer(uvicorn.Server):
    """Leaves signal handling to the host process (pytest, a benchmark, …)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _free_socket(host: str) -> socket.socket:
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP, and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock


@contextlib.asynccontextmanager
async def running_sandbox(
    state: SandboxState | None = None, *, host: str = "127.0.0.1"
) -> AsyncIterator[RunningSandbox]:
    """`async with running_sandbox() as sb:` serves the sandbox until the block ends."""
    state = state or SandboxState()
    sock = _free_socket(host)
    config = uvicorn.Config(
        create_sandbox_app(state),
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=2,
        lifespan="on",
        log_level="warning",
    )
    server = _InProcessServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("the sandbox server stopped during startup")
            await asyncio.sleep(0.005)
        port = sock.getsockname()[1]
        yield RunningSandbox(base_url=f"http://{host}:{port}", state=state)
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()
