"""Read one connection's publishing limits from its provider, as validation asks them."""

from __future__ import annotations

from dataclasses import dataclass

from services.publisher.app.context import Publisher
from services.publisher.domain.errors import NotFound
from services.publisher.domain.inputs import ConnectionInfo, ConnectionStatus
from services.publisher.domain.limits import AccountLimits
from services.publisher.domain.publishing import PublishError

UNUSABLE = {
    ConnectionStatus.REAUTH_REQUIRED: (
        "connection_needs_reauth",
        "Reconnect this account to read its current limits.",
    ),
    ConnectionStatus.REVOKED: ("connection_revoked", "This account was disconnected."),
}


@dataclass(frozen=True)
class LimitsRead:
    """The limits, or why they are not known (`unavailable_code` set, `limits` None)."""

    connection: ConnectionInfo
    limits: AccountLimits | None
    unavailable_code: str = ""
    unavailable_message: str = ""


async def read_account_limits(core: Publisher, *, tenant_id: str, connection_id: str) -> LimitsRead:
    """Ask auth for a fresh token (no cache, as validation does) and the provider for limits."""
    grant = await core.connections.access(tenant_id=tenant_id, connection_id=connection_id)
    if grant is None:
        raise NotFound(f"connection {connection_id} not found")
    connection = grant.connection
    if connection.status in UNUSABLE:
        code, message = UNUSABLE[connection.status]
        return LimitsRead(connection, None, code, message)
    provider = core.providers.get(connection.provider)
    if provider is None:
        message = f"publishing to {connection.provider} is not supported"
        return LimitsRead(connection, None, "provider_not_supported", message)
    try:
        limits = await provider.account_limits(grant)
    except PublishError as error:
        # Same reading as validation's (checks.py): connection_* reasons are the account's own.
        code = (
            error.reason
            if error.reason.startswith("connection_")
            else "provider_limits_unavailable"
        )
        # Not the provider's raw answer: it is for the attempts log, not for every page view.
        message = "The provider did not answer with this account's current limits."
        return LimitsRead(connection, None, code, message)
    return LimitsRead(connection, limits)
