"""A small HTTP origin on loopback for import tests: files, redirects, lies and slow bodies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from tests.media import samples

PHOTO = samples.png(20, 10)


@dataclass
class Origin:
    port: int = 0
    seen: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            target = head[0].split(" ")[1]
            headers = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
            self.seen.append((target, headers.get("Host", headers.get("host", ""))))
            await self._answer(urlsplit(target), writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _answer(self, target: object, writer: asyncio.StreamWriter) -> None:
        path = getattr(target, "path", "")
        query = parse_qs(getattr(target, "query", ""))
        if path == "/photo.png":
            await _send(writer, 200, PHOTO, "image/png")
        elif path == "/page.html":
            await _send(writer, 200, samples.HTML_PAGE, "text/html")
        elif path == "/redirect":
            await _send(writer, 302, b"", "text/plain", location=query["to"][0])
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            location = "/photo.png" if left == 0 else f"/hops/{left - 1}"
            await _send(writer, 302, b"", "text/plain", location=location)
        elif path == "/huge":
            await _stream(writer, PHOTO[:64] + b"\0" * 1_000_000, pause_s=0)
        elif path == "/huge-announced":
            await _send(writer, 200, PHOTO, "image/png", length=10**10)
        elif path == "/slow":
            await _stream(writer, PHOTO[:64] + b"\0" * 200, pause_s=0.1, chunk=4)
        else:
            await _send(writer, 404, b"no", "text/plain")


async def _send(
    writer: asyncio.StreamWriter,
    status: int,
    body: bytes,
    content_type: str,
    *,
    location: str = "",
    length: int | None = None,
) -> None:
    lines = [f"HTTP/1.1 {status} X", f"Content-Type: {content_type}", "Connection: close"]
    lines.append(f"Content-Length: {len(body) if length is None else length}")
    if location:
        lines.append(f"Location: {location}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()


async def _stream(
    writer: asyncio.StreamWriter, body: bytes, *, pause_s: float, chunk: int = 65536
) -> None:
    # No Content-Length: the body ends when the connection closes, so only a cap can stop it.
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n")
    for start in range(0, len(body), chunk):
        writer.write(body[start : start + chunk])
        await writer.drain()
        if pause_s:
            await asyncio.sleep(pause_s)


@asynccontextmanager
async def running_origin() -> AsyncIterator[Origin]:
    origin = Origin()
    server = await asyncio.start_server(origin.handle, "127.0.0.1", 0)
    origin.port = server.sockets[0].getsockname()[1]
    try:
        yield origin
    finally:
        server.close()
        await server.wait_closed()
