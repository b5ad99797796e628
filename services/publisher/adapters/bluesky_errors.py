"""Classifying XRPC error answers of a PDS like http_call_errors does for Mastodon.

Differences: expired or invalid tokens come back as 400 `ExpiredToken` / `InvalidToken`
(not only 401), and the rate-limit reset is `ratelimit-reset` in epoch seconds.
"""

from __future__ import annotations

import time

import httpx

from services.publisher.domain.publishing import ErrorKind, PublishError

REAUTH_ERRORS = frozenset(
    {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown"}
)


def xrpc_error_name(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("error") or "") if isinstance(body, dict) else ""


def ratelimit_reset_s(response: httpx.Response, *, now: float | None = None) -> float | None:
    """Seconds until `ratelimit-reset` (epoch seconds), or a plain `Retry-After`."""
    header = response.headers.get("retry-after")
    if header and header.strip().isdigit():
        return float(header)
    reset = response.headers.get("ratelimit-reset")
    if not reset or not reset.strip().isdigit():
        return None
    return max(0.0, float(reset) - (time.time() if now is None else now))


def xrpc_http_error(response: httpx.Response, *, idempotent: bool) -> PublishError:
    """429 and (idempotent) 5xx are retried; token errors need reauth; the rest is final."""
    answer = f"HTTP {response.status_code} {response.text[:300]}"
    status, name = response.status_code, xrpc_error_name(response)
    if status == 429:
        return PublishError(
            ErrorKind.REJECTED,
            "rate_limit_exceeded",
            answer,
            retryable=True,
            retry_after_s=ratelimit_reset_s(response),
            answer=answer,
        )
    if status >= 500:
        kind = ErrorKind.REJECTED if idempotent else ErrorKind.AMBIGUOUS
        return PublishError(kind, "provider_unavailable", answer, retryable=True, answer=answer)
    reauth = status == 401 or name in REAUTH_ERRORS
    reason = "connection_needs_reauth" if reauth else "provider_rejected"
    return PublishError(ErrorKind.REJECTED, reason, answer, answer=answer)
