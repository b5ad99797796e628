"""RPC contracts of provider connections for the gateway (`rpc.auth.connections.*`, providers).

The internal token and description RPCs other services call are in `connections.py`.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from shared.contracts.rpc import RpcRequest, rpc_subject

AUTHORIZE = rpc_subject("auth", "connections.authorize")
CALLBACK = rpc_subject("auth", "connections.callback")
CREDENTIALS = rpc_subject("auth", "connections.credentials")
LIST = rpc_subject("auth", "connections.list")
GET = rpc_subject("auth", "connections.get")
DISCONNECT = rpc_subject("auth", "connections.disconnect")
REFRESH = rpc_subject("auth", "connections.refresh")
PROVIDERS = rpc_subject("auth", "providers")


class AuthorizeConnection(RpcRequest, frozen=True, kw_only=True):
    provider: str
    browser_binding: str = ""


class AuthorizationStarted(msgspec.Struct, frozen=True, kw_only=True):
    authorize_url: str
    expires_in: int


class CompleteConnection(RpcRequest, frozen=True, kw_only=True):
    """The callback's query, as received; `ctx` carries the caller only when authenticated."""

    provider: str
    state: str = ""
    code: str = ""
    error: str = ""
    error_description: str = ""
    browser_binding: str = ""


class ConnectWithCredentials(RpcRequest, frozen=True, kw_only=True):
    provider: str
    identifier: str
    password: str


class ConnectionRef(RpcRequest, frozen=True, kw_only=True):
    connection_id: str


class ListConnections(RpcRequest, frozen=True, kw_only=True):
    """The workspace's connections."""


class ConnectionView(msgspec.Struct, frozen=True, kw_only=True):
    """A connection as users and other services see it: never any token."""

    id: str
    provider: str
    account_id: str
    display_name: str
    handle: str
    avatar_url: str
    scopes: list[str]
    status: str
    connected_at: datetime
    access_expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None
    refreshed_at: datetime | None = None
    last_refresh_error: str = ""


class ConnectionList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ConnectionView]


class Disconnected(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    revocation: str


class ListProviders(RpcRequest, frozen=True, kw_only=True):
    """The provider catalogue."""


class ProviderInfo(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    display_name: str
    connect_flow: str
    scopes: list[str]
    media_kinds: list[str]
    text_limit: int
    text_unit: str
    max_media: int
    asynchronous_publishing: bool
    notes: str = ""


class ProviderCatalog(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ProviderInfo]
