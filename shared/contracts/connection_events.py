"""Events of provider connections (emitted by auth): no token material, no credentials."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from shared.contracts.envelope import Event


class ConnectionEvent(Event, frozen=True, kw_only=True):
    service: ClassVar[str] = "auth"
    connection_id: str = ""
    provider: str


class ConnectionConnected(ConnectionEvent, frozen=True, kw_only=True):
    """A provider account was connected (or reconnected) with these granted scopes."""

    name: ClassVar[str] = "connection_connected"
    scopes: list[str]
    reconnected: bool = False


class ConnectionRefreshed(ConnectionEvent, frozen=True, kw_only=True):
    """The connection's tokens were refreshed ahead of expiry."""

    name: ClassVar[str] = "connection_refreshed"
    access_expires_at: datetime | None = None


class ConnectionRefreshFailed(ConnectionEvent, frozen=True, kw_only=True):
    """A refresh failed; transient failures keep the connection active and are retried."""

    name: ClassVar[str] = "connection_refresh_failed"
    failure: str
    detail: str
    transient: bool


class ConnectionReauthRequired(ConnectionEvent, frozen=True, kw_only=True):
    """The provider refused the refresh for good: the user must connect the account again."""

    name: ClassVar[str] = "connection_reauth_required"
    reason: str


class ConnectionDisconnected(ConnectionEvent, frozen=True, kw_only=True):
    """The connection was removed; `revocation` says whether the provider confirmed it."""

    name: ClassVar[str] = "connection_disconnected"
    revocation: str
