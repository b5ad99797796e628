"""RPC contracts auth serves for other services about provider connections (issue 4).

Only services call these subjects (the gateway never routes to them); the caller puts the
workspace in `ctx.tenant_id` and `system` (or the acting user) in `ctx.actor`. A connection
of another workspace answers `connection_not_found`, exactly like a missing one.

Problems (RFC 9457 codes in the RPC reply):
- `connection_not_found` (404): no such connection in the workspace (or deleted);
- `connection_needs_reauth` (409): the provider refused the refresh for good
  (`invalid_grant`); only `describe_connection` still answers, with that status;
- `connection_revoked` (409): the connection was disconnected;
- `service_unavailable` / `upstream_timeout`: transient; the caller retries later.
A transient refresh failure must not be reported as `connection_needs_reauth`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

from shared.contracts.rpc import RpcRequest, rpc_subject

SERVICE = "auth"
DESCRIBE_CONNECTION = rpc_subject(SERVICE, "describe_connection")
CONNECTION_TOKEN = rpc_subject(SERVICE, "connection_token")

ConnectionStatusName = Literal["active", "reauth_required", "revoked"]


class DescribeConnectionRequest(RpcRequest, frozen=True, kw_only=True):
    """Which connection to describe; the workspace comes from `ctx`."""

    connection_id: str


class ConnectionDescription(msgspec.Struct, frozen=True, kw_only=True):
    """A connection without secrets: enough to validate a post before scheduling it."""

    connection_id: str
    provider: str  # tiktok | mastodon | bluesky | …
    status: ConnectionStatusName
    scopes: list[str]  # what the user actually granted, e.g. ["user.info.basic", "video.upload"]
    account_id: str  # TikTok open_id, Mastodon account id, Bluesky DID
    handle: str = ""
    display_name: str = ""
    # Base URL of the API the account is reached at: the Mastodon instance
    # (https://mastodon.example), the Bluesky PDS, TikTok's Content Posting API.
    endpoint: str = ""


class ConnectionTokenRequest(RpcRequest, frozen=True, kw_only=True):
    """A token for an imminent provider call; auth refreshes first if it expires sooner."""

    connection_id: str
    purpose: Literal["publish", "status", "validate"] = "publish"
    min_valid_s: int = 120


class ConnectionToken(msgspec.Struct, frozen=True, kw_only=True):
    """A live access token. Never logged, stored by the caller, or put in an event or span."""

    connection_id: str
    provider: str
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_at: datetime | None = None  # None: the provider's tokens do not expire (Mastodon)
    scopes: list[str] = msgspec.field(default_factory=list)
    account_id: str = ""
    endpoint: str = ""

    def __repr__(self) -> str:
        return f"ConnectionToken(connection_id={self.connection_id!r}, access_token='***')"
