"""Provider answers as plain data, the error that carries one, and raw ASGI sending."""

from __future__ import annotations

import logging
from typing import Any, NoReturn

import msgspec
from litestar import Response
from litestar.types import Send

logger = logging.getLogger("sandbox")


class Reply(msgspec.Struct, kw_only=True):
    """A status, a JSON body and headers, renderable as a Litestar response or raw ASGI."""

    status: int
    body: Any
    headers: dict[str, str] = msgspec.field(default_factory=dict)

    def response(self) -> Response[Any]:
        return Response(content=self.body, status_code=self.status, headers=self.headers)


class ProviderError(Exception):
    """Raised by handlers; the provider middleware sends its reply in the provider's shape."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(f"{reply.status}")
        self.reply = reply


class SimulatedConnectionReset(Exception):
    """Raised after a response has started so the server drops the connection mid-answer."""


def _raw_headers(headers: dict[str, str], length: int) -> list[tuple[bytes, bytes]]:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    raw = [(k, v) for k, v in raw if k not in (b"content-length", b"content-type")]
    return [(b"content-type", b"application/json"), (b"content-length", str(length).encode()), *raw]


async def send_reply(send: Send, reply: Reply, extra: dict[str, str] | None = None) -> None:
    """Send a complete JSON reply straight to the ASGI server."""
    body = msgspec.json.encode(reply.body)
    headers = _raw_headers({**reply.headers, **(extra or {})}, len(body))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def abort_connection(
    send: Send,
    status: int = 200,
    headers: list[tuple[bytes, bytes]] | None = None,
    partial: bytes = b"",
) -> NoReturn:
    """Start a response whose Content-Length is never met, then drop the connection."""
    kept = [(k, v) for k, v in headers or [] if k.lower() != b"content-length"]
    promised = str(len(partial) + 65_536).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*kept, (b"content-length", promised)],
        }
    )
    await send({"type": "http.response.body", "body": partial, "more_body": True})
    raise SimulatedConnectionReset("sandbox: simulated connection reset")


class _DropSimulatedResets(logging.Filter):
    """Keeps the server's error log free of the tracebacks our own resets cause."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        while error is not None:
            if isinstance(error, SimulatedConnectionReset):
                return False
            error = error.__cause__ or error.__context__
        return True


def quiet_simulated_resets() -> None:
    """Install the filter once on uvicorn's error logger."""
    target = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DropSimulatedResets) for f in target.filters):
        target.addFilter(_DropSimulatedResets())
