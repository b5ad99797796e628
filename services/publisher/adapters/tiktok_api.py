"""TikTok Content Posting API plumbing: the v2 error envelope and the chunked file upload."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx

from services.publisher.adapters.http_call_errors import retry_after_s, transport_error
from services.publisher.domain.publishing import ErrorKind, PublishError

API_BASE = "https://open.tiktokapis.com"
MB = 1_000_000  # TikTok's sizes are decimal
MIN_CHUNK = 5 * MB
MAX_CHUNK = 64 * 1_048_576


def chunk_plan(size: int, chunk_size: int) -> tuple[int, int]:
    """(chunk_size, total_chunk_count): one chunk under 5 MB, else floor(size/chunk)."""
    if size < MIN_CHUNK:
        return size, 1
    chunk = max(MIN_CHUNK, min(chunk_size, MAX_CHUNK, size))
    return chunk, size // chunk


def chunk_ranges(size: int, chunk: int, count: int) -> list[tuple[int, int]]:
    """Inclusive byte ranges; the last chunk takes the remainder."""
    ranges = [(i * chunk, i * chunk + chunk - 1) for i in range(count - 1)]
    ranges.append(((count - 1) * chunk, size - 1))
    return ranges


def api_error(response: httpx.Response, *, idempotent: bool) -> PublishError:
    """Classify an error answer by its HTTP status and the envelope's `error.code`."""
    answer = f"HTTP {response.status_code} {response.text[:300]}"
    status = response.status_code
    try:
        code = str(response.json().get("error", {}).get("code") or "")
    except ValueError:
        code = ""
    if status == 429 or code == "rate_limit_exceeded":
        return PublishError(
            ErrorKind.REJECTED, "rate_limit_exceeded", answer, retryable=True,
            retry_after_s=retry_after_s(response), answer=answer,
        )  # fmt: skip
    if status >= 500:
        # Nothing to de-duplicate an init with: a 5xx there may have opened a publish.
        kind = ErrorKind.REJECTED if idempotent else ErrorKind.AMBIGUOUS
        return PublishError(kind, "provider_unavailable", answer, retryable=True, answer=answer)
    if status == 401 and code in ("access_token_invalid", ""):
        return PublishError(ErrorKind.REJECTED, "connection_needs_reauth", answer, answer=answer)
    reason = f"tiktok_{code}" if code else "provider_rejected"
    return PublishError(ErrorKind.REJECTED, reason, answer, answer=answer)


async def call(
    http: httpx.AsyncClient, url: str, token: str, payload: dict[str, Any], *, idempotent: bool
) -> dict[str, Any]:
    """POST a JSON body; returns the envelope's `data`."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        response = await http.post(url, headers=headers, json=payload)
    except httpx.TransportError as exc:
        raise transport_error(exc) from exc
    if response.status_code >= 400:
        raise api_error(response, idempotent=idempotent)
    body: dict[str, Any] = response.json()
    code = (body.get("error") or {}).get("code", "ok")
    if code != "ok":
        raise api_error(response, idempotent=idempotent)
    data: dict[str, Any] = body.get("data") or {}
    return data


async def _chunks(
    http: httpx.AsyncClient, source_url: str, ranges: list[tuple[int, int]]
) -> AsyncIterator[bytes]:
    """Stream the media, yielding exactly one buffer per planned range (never the whole file)."""
    sizes = [last - first + 1 for first, last in ranges]
    buffer = bytearray()
    async with http.stream("GET", source_url) as response:
        if response.status_code != 200:
            raise PublishError(
                ErrorKind.NOT_SENT, "media_download_failed", str(response.status_code)
            )
        async for piece in response.aiter_bytes():
            buffer.extend(piece)
            while sizes and len(buffer) >= sizes[0] and len(sizes) > 1:
                yield bytes(buffer[: sizes[0]])
                del buffer[: sizes.pop(0)]
    if not sizes or len(buffer) != sizes[0]:
        raise PublishError(ErrorKind.NOT_SENT, "media_size_mismatch", f"{len(buffer)} bytes left")
    yield bytes(buffer)


async def upload_file(
    http: httpx.AsyncClient,
    upload_url: str,
    source_url: str,
    *,
    mime: str,
    size: int,
    chunk: int,
    count: int,
) -> None:
    """PUT every chunk in order with `Content-Range: bytes first-last/total`."""
    ranges = chunk_ranges(size, chunk, count)
    index = 0
    async for content in _chunks(http, source_url, ranges):
        first, last = ranges[index]
        headers = {
            "Content-Type": mime,
            "Content-Length": str(len(content)),
            "Content-Range": f"bytes {first}-{last}/{size}",
        }
        try:
            response = await http.put(upload_url, headers=headers, content=content)
        except httpx.TransportError as exc:
            raise transport_error(exc) from exc
        if response.status_code not in (200, 201, 206):
            raise api_error(response, idempotent=True)
        index += 1
