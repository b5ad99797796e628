"""What the publisher learns from other services: connections (auth) and media (media)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import msgspec


class ConnectionStatus(enum.StrEnum):
    ACTIVE = "active"
    REAUTH_REQUIRED = "reauth_required"
    REVOKED = "revoked"


class ConnectionInfo(msgspec.Struct, frozen=True, kw_only=True):
    """A connection as the publisher needs it: which provider, what was granted, usable or not."""

    id: str
    provider: str
    status: ConnectionStatus = ConnectionStatus.ACTIVE
    scopes: tuple[str, ...] = ()
    account_id: str = ""
    handle: str = ""
    endpoint: str = ""  # the Mastodon instance or Bluesky PDS base URL; empty for TikTok


@dataclass(frozen=True)
class AccessGrant:
    """A live access token for one publish; never stored, logged or put in an event."""

    connection: ConnectionInfo
    access_token: str = field(repr=False)


class MediaKind(enum.StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    GIF = "gif"


class MediaInfo(msgspec.Struct, frozen=True, kw_only=True):
    """Facts the media service measured about one upload (never the client's word)."""

    id: str
    tenant_id: str
    kind: MediaKind
    status: str  # `ready` once scanned and measured
    mime: str
    size_bytes: int
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None

    @property
    def ready(self) -> bool:
        return self.status == "ready"


class MediaSource(msgspec.Struct, frozen=True, kw_only=True):
    """One media item ready to hand to a provider adapter: its facts and a short-lived URL."""

    info: MediaInfo
    download_url: str
