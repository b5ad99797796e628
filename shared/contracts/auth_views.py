"""Replies of the auth service's RPCs, which the gateway also returns as response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class TokenPair(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the OAuth token type name, not a secret
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    workspace_id: str | None = None
    role: str | None = None


class UserView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    email: str
    created_at: datetime


class WorkspaceView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    role: str
    created_at: datetime


class Registered(msgspec.Struct, frozen=True, kw_only=True):
    user: UserView
    workspace: WorkspaceView
    tokens: TokenPair


class PrivacyView(msgspec.Struct, frozen=True, kw_only=True):
    current_version: str
    accepted_version: str | None = None
    accepted_at: datetime | None = None


class MeView(msgspec.Struct, frozen=True, kw_only=True):
    user: UserView
    current_workspace: WorkspaceView | None
    memberships: list[WorkspaceView]
    privacy: PrivacyView


class JwksReply(msgspec.Struct, frozen=True, kw_only=True):
    keys: list[dict[str, Any]]


class AccessPolicyReply(msgspec.Struct, frozen=True, kw_only=True):
    """The permission table (role -> permissions) and the current privacy-policy version."""

    roles: dict[str, list[str]]
    permissions: list[str]
    privacy_policy_version: str


class ApiKeyIdentity(msgspec.Struct, frozen=True, kw_only=True):
    api_key_id: str
    tenant_id: str
    role: str


class WorkspaceList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[WorkspaceView]


class WorkspaceCreatedReply(msgspec.Struct, frozen=True, kw_only=True):
    workspace: WorkspaceView
    replayed: bool = False


class MemberView(msgspec.Struct, frozen=True, kw_only=True):
    user_id: str
    email: str
    role: str
    joined_at: datetime


class MemberList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[MemberView]


class InvitationView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    email: str
    role: str
    expires_at: datetime
    link: str | None = None


class InvitationCreatedReply(msgspec.Struct, frozen=True, kw_only=True):
    invitation: InvitationView
    replayed: bool = False


class ApiKeyView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    role: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None


class ApiKeyList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ApiKeyView]


class CreatedApiKey(msgspec.Struct, frozen=True, kw_only=True):
    """`key` is the secret, present only in the first answer (a replay omits it)."""

    api_key: ApiKeyView
    key: str | None = None
    replayed: bool = False


class Done(msgspec.Struct, frozen=True, kw_only=True):
    ok: bool = True
