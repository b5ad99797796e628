"""A connected provider account in a workspace, and when its tokens need refreshing."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import msgspec


class ConnectionStatus(enum.StrEnum):
    ACTIVE = "active"
    REAUTH_REQUIRED = "reauth_required"
    REVOKED = "revoked"


class Connection(msgspec.Struct, frozen=True, kw_only=True):
    """Everything about a connection except its tokens, which stay encrypted in the store."""

    id: str
    tenant_id: str
    provider: str
    account_id: str
    display_name: str = ""
    handle: str = ""
    avatar_url: str = ""
    scopes: tuple[str, ...] = ()
    status: ConnectionStatus = ConnectionStatus.ACTIVE
    access_expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None
    connected_by: str = ""
    connected_at: datetime
    refreshed_at: datetime | None = None
    last_refresh_error: str = ""
    revocation: str = ""


def needs_refresh(connection: Connection, *, now: datetime, ahead: timedelta) -> bool:
    """True when the access token expires within `ahead` (tokens without expiry never do)."""
    expires = connection.access_expires_at
    return (
        connection.status is ConnectionStatus.ACTIVE
        and expires is not None
        and expires - now <= ahead
    )


def expiry(now: datetime, seconds: int | None) -> datetime | None:
    """An absolute expiry from a provider's `expires_in` (never a hard-coded lifetime)."""
    return None if seconds is None else now + timedelta(seconds=seconds)


class ConnectionNotFound(Exception):
    """No such connection in this workspace."""


class ConnectionUnusable(Exception):
    """The connection exists but cannot give a token: it needs re-authorisation or was revoked."""

    def __init__(self, status: ConnectionStatus) -> None:
        super().__init__(status.value)
        self.status = status


class RefreshOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """What a refresh attempt changes on the connection (tokens are stored separately)."""

    status: ConnectionStatus = ConnectionStatus.ACTIVE
    access_expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None
    refreshed_at: datetime | None = None
    last_refresh_error: str = ""
    expiry_changed: bool = False
