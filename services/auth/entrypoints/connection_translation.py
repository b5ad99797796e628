"""Connection domain errors as problem codes, and connections as the API shows them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from services.auth.domain.connection import (
    Connection,
    ConnectionNotFound,
    ConnectionStatus,
    ConnectionUnusable,
)
from services.auth.domain.oauth_transaction import CallbackRefusal, CallbackRefused
from services.auth.domain.provider_grant import ProviderError, ProviderFailure
from services.auth.ports.connection_repository import ConnectionConflict
from services.auth.ports.provider_registry import UnknownProvider
from shared.contracts import connection_rpc as rpc
from shared.errors import Problem, ProblemCode

NOT_FOUND = "connection_not_found"
# A callback whose state does not authorise it is refused (403); a provider that fails the
# code exchange is an upstream failure (502); a callback without a code is malformed (400).
CALLBACK_STATUS = {
    CallbackRefusal.EXCHANGE_FAILED: 502,
    CallbackRefusal.MISSING_CODE: 400,
}
UNUSABLE = {
    ConnectionStatus.REAUTH_REQUIRED: "connection_needs_reauth",
    ConnectionStatus.REVOKED: "connection_revoked",
    ConnectionStatus.ACTIVE: "connection_unusable",
}


def view(connection: Connection) -> rpc.ConnectionView:
    return rpc.ConnectionView(
        id=connection.id,
        provider=connection.provider,
        account_id=connection.account_id,
        display_name=connection.display_name,
        handle=connection.handle,
        avatar_url=connection.avatar_url,
        scopes=list(connection.scopes),
        status=connection.status.value,
        connected_at=connection.connected_at,
        access_expires_at=connection.access_expires_at,
        refresh_expires_at=connection.refresh_expires_at,
        refreshed_at=connection.refreshed_at,
        last_refresh_error=connection.last_refresh_error,
    )


@asynccontextmanager
async def problems() -> AsyncIterator[None]:
    """The one place where connection domain errors are translated into problem codes."""
    try:
        yield
    except UnknownProvider as exc:
        raise Problem("unknown_provider", f"no provider named {exc}", status=404) from exc
    except ConnectionNotFound as exc:
        raise Problem(NOT_FOUND, "no such connection", status=404) from exc
    except ConnectionUnusable as exc:
        raise Problem(UNUSABLE[exc.status], "the connection cannot be used", status=409) from exc
    except CallbackRefused as exc:
        status = CALLBACK_STATUS.get(exc.reason, 403)
        raise Problem(exc.reason.value, exc.detail or exc.reason.value, status=status) from exc
    except ConnectionConflict as exc:
        raise Problem(
            ProblemCode.CONFLICT, "the account was connected concurrently; retry"
        ) from exc
    except ProviderError as exc:
        if exc.failure is ProviderFailure.TRANSIENT:
            raise Problem("provider_unavailable", exc.detail, status=503) from exc
        code = (
            "provider_login_refused"
            if exc.failure is ProviderFailure.ACCESS_DENIED
            else "provider_refused"
        )
        raise Problem(code, exc.detail, status=422) from exc
