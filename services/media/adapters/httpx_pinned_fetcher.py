"""PinnedFetcher on httpx: the URL names the checked IP; Host and TLS SNI carry the name."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from services.media.domain.address_policy import IPAddress
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.import_url import ImportTarget

USER_AGENT = "Gamontj-MediaImport/1.0"
CHUNK_BYTES = 256 << 10


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def status(self) -> int:
        return self._response.status_code

    def header(self, name: str) -> str | None:
        value: str | None = self._response.headers.get(name)
        return value

    def body(self) -> AsyncIterator[bytes]:
        # Raw bytes: no transparent decompression, so a gzip bomb stays a small gzip file
        # (which then fails the magic-byte check).
        return self._response.aiter_raw(CHUNK_BYTES)


class HttpxPinnedFetcher:
    """A fresh client per request: no connection pool can hand a connection made for one name
    to another, and no proxy settings from the environment apply (`trust_env=False`)."""

    def __init__(self, *, connect_timeout_s: float = 5.0, read_timeout_s: float = 15.0) -> None:
        self._timeout = httpx.Timeout(read_timeout_s, connect=connect_timeout_s)

    @asynccontextmanager
    async def get(self, target: ImportTarget, *, address: IPAddress) -> AsyncIterator[_Response]:
        url = httpx.URL(
            scheme=target.scheme,
            host=str(address),
            port=target.port,
            raw_path=target.path_and_query.encode("ascii", errors="strict"),
        )
        headers = {
            "Host": target.host_header,
            "User-Agent": USER_AGENT,
            "Accept": "image/*, video/*",
            "Accept-Encoding": "identity",
        }
        sni = {"sni_hostname": target.host} if target.literal is None else {}
        async with httpx.AsyncClient(
            timeout=self._timeout, follow_redirects=False, trust_env=False
        ) as client:
            try:
                async with client.stream("GET", url, headers=headers, extensions=sni) as response:
                    yield _Response(response)
            except httpx.HTTPError as exc:
                raise MediaError(ErrorCode.IMPORT_FAILED, f"fetch failed: {exc!r}") from exc
