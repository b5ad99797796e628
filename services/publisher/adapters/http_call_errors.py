"""Classifying HTTP failures of provider calls: what provably never reached the provider,
what the provider refused, and what is ambiguous (docs/decisions/0043)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from services.publisher.domain.inputs import MediaSource
from services.publisher.domain.publishing import ErrorKind, PublishError

# The request never left: no connection was made.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def transport_error(exc: httpx.TransportError) -> PublishError:
    """A failure without an HTTP answer: only a failed connect proves nothing was sent.

    A reset, a read timeout or a protocol error after the request was written may have been
    processed by the provider (a reset before and after processing look the same to us).
    """
    detail = f"{type(exc).__name__}: {exc}"[:300]
    if isinstance(exc, NOT_SENT):
        return PublishError(ErrorKind.NOT_SENT, "provider_unreachable", detail)
    return PublishError(ErrorKind.AMBIGUOUS, "no_answer", detail)


def retry_after_s(response: httpx.Response, *, now: datetime | None = None) -> float | None:
    """Seconds until the provider's reset: `Retry-After`, or an ISO `X-RateLimit-Reset`."""
    header = response.headers.get("retry-after")
    if header and header.strip().isdigit():
        return float(header)
    reset = response.headers.get("x-ratelimit-reset")
    if not reset:
        return None
    try:
        at = datetime.fromisoformat(reset.replace("Z", "+00:00"))
    except ValueError:
        return float(reset) if reset.isdigit() else None
    return max(0.0, (at - (now or datetime.now(UTC))).total_seconds())


def http_error(response: httpx.Response, *, idempotent: bool) -> PublishError:
    """An HTTP error answer: 429 and (for idempotent calls) 5xx are retried, the rest is final."""
    answer = f"HTTP {response.status_code} {response.text[:300]}"
    status = response.status_code
    if status == 429:
        return PublishError(
            ErrorKind.REJECTED,
            "rate_limit_exceeded",
            answer,
            retryable=True,
            retry_after_s=retry_after_s(response),
            answer=answer,
        )
    if status >= 500:
        # With an idempotency key a repeat cannot post twice; without one a 5xx is ambiguous.
        kind = ErrorKind.REJECTED if idempotent else ErrorKind.AMBIGUOUS
        return PublishError(kind, "provider_unavailable", answer, retryable=True, answer=answer)
    reason = "connection_needs_reauth" if status == 401 else "provider_rejected"
    return PublishError(ErrorKind.REJECTED, reason, answer, answer=answer)


async def download_media(http: httpx.AsyncClient, item: MediaSource) -> bytes:
    """Bytes from our own media plane through its short-lived signed URL (never sent yet)."""
    try:
        response = await http.get(item.download_url)
    except httpx.TransportError as exc:
        raise PublishError(ErrorKind.NOT_SENT, "media_download_failed", str(exc)) from exc
    if response.status_code != 200:
        raise PublishError(ErrorKind.NOT_SENT, "media_download_failed", response.text[:200])
    return response.content
