"""Shared classification of provider HTTP failures: transient ones never disconnect anybody."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from services.auth.domain.provider_grant import ProviderError, ProviderFailure

_DEFINITIVE_OAUTH = {
    "invalid_grant": ProviderFailure.INVALID_GRANT,
    "access_denied": ProviderFailure.ACCESS_DENIED,
}


@asynccontextmanager
async def transport_failures(provider: str) -> AsyncIterator[None]:
    """Timeouts, resets and refused connections are transient: the call may be tried again."""
    try:
        yield
    except httpx.TransportError as exc:
        raise ProviderError(ProviderFailure.TRANSIENT, f"{provider}: {type(exc).__name__}") from exc


def failure_for_status(provider: str, response: httpx.Response) -> ProviderError | None:
    """5xx and 429 are transient whatever the body says; None when the status is a success."""
    if response.status_code >= 500 or response.status_code == 429:
        return ProviderError(ProviderFailure.TRANSIENT, f"{provider}: HTTP {response.status_code}")
    return None


def oauth_failure(provider: str, error: str, description: str = "") -> ProviderError:
    failure = _DEFINITIVE_OAUTH.get(error, ProviderFailure.REJECTED)
    detail = f"{provider}: {error}" + (f" ({description[:200]})" if description else "")
    return ProviderError(failure, detail, provider_code=error)
