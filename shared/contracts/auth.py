"""Contracts of the auth service: its RPC subjects and the events it emits (`evt.auth.*`).

Events carry ids, roles and reasons: never a password, a token or an API key. Request structs
hold no tenant or role of the caller: those travel only in `ctx`, set by the gateway from the
verified credential. Unknown fields in requests are ignored (msgspec's default).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, TypeAlias

from shared.contracts.envelope import Event
from shared.contracts.rpc import RpcRequest, health_subject, rpc_subject

SERVICE = "auth"
HEALTH = health_subject(SERVICE)
# Tenant of events that belong to no workspace (e.g. a failed login for an unknown e-mail).
NO_TENANT = "none"
# Every API key starts with this; the gateway tells keys from access tokens by it.
API_KEY_PREFIX = "gmj_"
# What an e-mail address must look like, identical in JSON Schema (ECMA) and Python: explicit
# ASCII whitespace instead of `\s` (the two disagree on it), and `(?!\n)` because Python's `$`
# also matches before a final newline.
EMAIL_PATTERN = r"^[^@ \t\n\r\f\v]+@[^@ \t\n\r\f\v]+\.[^@ \t\n\r\f\v]+$(?!\n)"
EMAIL_MAX_LENGTH = 254

REGISTER = rpc_subject(SERVICE, "register")
LOGIN = rpc_subject(SERVICE, "login")
REFRESH = rpc_subject(SERVICE, "refresh")
LOGOUT = rpc_subject(SERVICE, "logout")
ME = rpc_subject(SERVICE, "me")
JWKS = rpc_subject(SERVICE, "jwks")
PERMISSIONS = rpc_subject(SERVICE, "permissions")
VERIFY_API_KEY = rpc_subject(SERVICE, "verify_api_key")
RECORD_PRIVACY_ACCEPTANCE = rpc_subject(SERVICE, "record_privacy_acceptance")
CREATE_WORKSPACE = rpc_subject(SERVICE, "create_workspace")
LIST_WORKSPACES = rpc_subject(SERVICE, "list_workspaces")
SWITCH_WORKSPACE = rpc_subject(SERVICE, "switch_workspace")
LIST_MEMBERS = rpc_subject(SERVICE, "list_members")
CHANGE_MEMBER_ROLE = rpc_subject(SERVICE, "change_member_role")
REMOVE_MEMBER = rpc_subject(SERVICE, "remove_member")
CREATE_INVITATION = rpc_subject(SERVICE, "create_invitation")
ACCEPT_INVITATION = rpc_subject(SERVICE, "accept_invitation")
LIST_API_KEYS = rpc_subject(SERVICE, "list_api_keys")
CREATE_API_KEY = rpc_subject(SERVICE, "create_api_key")
REVOKE_API_KEY = rpc_subject(SERVICE, "revoke_api_key")


class _AuthEvent(Event, frozen=True, kw_only=True):
    service: ClassVar[str] = SERVICE


class UserRegistered(_AuthEvent, frozen=True, kw_only=True):
    """A person created an account (the tenant is the first workspace made with it)."""

    name: ClassVar[str] = "user_registered"
    user_id: str


class WorkspaceCreated(_AuthEvent, frozen=True, kw_only=True):
    """A workspace (tenant) came into existence."""

    name: ClassVar[str] = "workspace_created"
    workspace_id: str
    workspace_name: str
    created_by: str


class MemberAdded(_AuthEvent, frozen=True, kw_only=True):
    """A user joined the workspace with a role (at creation or through an invitation)."""

    name: ClassVar[str] = "member_added"
    user_id: str
    role: str
    source: str
    invitation_id: str = ""


class MemberRoleChanged(_AuthEvent, frozen=True, kw_only=True):
    """A member's role changed."""

    name: ClassVar[str] = "member_role_changed"
    user_id: str
    previous_role: str
    role: str


class MemberRemoved(_AuthEvent, frozen=True, kw_only=True):
    """A member left or was removed from the workspace."""

    name: ClassVar[str] = "member_removed"
    user_id: str
    role: str


class InvitationCreated(_AuthEvent, frozen=True, kw_only=True):
    """An invitation to join was issued; the link is for the mailer (single-use, e-mail bound)."""

    name: ClassVar[str] = "invitation_created"
    invitation_id: str
    email: str
    role: str
    link: str
    expires_at: datetime


class LoginSucceeded(_AuthEvent, frozen=True, kw_only=True):
    """A user signed in with a password; `session_id` names the refresh-token family."""

    name: ClassVar[str] = "login_succeeded"
    user_id: str
    session_id: str


class LoginFailed(_AuthEvent, frozen=True, kw_only=True):
    """A password sign-in failed; `user_id` is empty when the e-mail matches no account."""

    name: ClassVar[str] = "login_failed"
    user_id: str = ""
    reason: str


class ApiKeyCreated(_AuthEvent, frozen=True, kw_only=True):
    """An API key was created for the workspace (its value is never part of any event)."""

    name: ClassVar[str] = "api_key_created"
    api_key_id: str
    key_name: str
    role: str


class ApiKeyRevoked(_AuthEvent, frozen=True, kw_only=True):
    """An API key was revoked and no longer authenticates."""

    name: ClassVar[str] = "api_key_revoked"
    api_key_id: str


# RPC requests (the gateway fills `ctx`; nothing here names the caller's tenant or role).


class CallerOnly(RpcRequest, frozen=True, kw_only=True):
    """A request whose only content is who is calling (`ctx`)."""


MeRequest: TypeAlias = CallerOnly
JwksRequest: TypeAlias = CallerOnly
PermissionsRequest: TypeAlias = CallerOnly
RecordPrivacyAcceptanceRequest: TypeAlias = CallerOnly
ListWorkspacesRequest: TypeAlias = CallerOnly
ListMembersRequest: TypeAlias = CallerOnly
ListApiKeysRequest: TypeAlias = CallerOnly


class RegisterRequest(RpcRequest, frozen=True, kw_only=True):
    email: str
    password: str
    workspace_name: str = ""


class LoginRequest(RpcRequest, frozen=True, kw_only=True):
    email: str
    password: str
    client_ip: str = ""


class RefreshRequest(RpcRequest, frozen=True, kw_only=True):
    refresh_token: str


class LogoutRequest(RpcRequest, frozen=True, kw_only=True):
    refresh_token: str


class VerifyApiKeyRequest(RpcRequest, frozen=True, kw_only=True):
    key: str


class CreateWorkspaceRequest(RpcRequest, frozen=True, kw_only=True):
    workspace_name: str
    idempotency_key: str = ""


class SwitchWorkspaceRequest(RpcRequest, frozen=True, kw_only=True):
    workspace_id: str
    session_id: str = ""


class ChangeMemberRoleRequest(RpcRequest, frozen=True, kw_only=True):
    user_id: str
    role: str


class RemoveMemberRequest(RpcRequest, frozen=True, kw_only=True):
    user_id: str


class CreateInvitationRequest(RpcRequest, frozen=True, kw_only=True):
    email: str
    role: str
    idempotency_key: str = ""


class AcceptInvitationRequest(RpcRequest, frozen=True, kw_only=True):
    token: str


class CreateApiKeyRequest(RpcRequest, frozen=True, kw_only=True):
    key_name: str
    role: str
    idempotency_key: str = ""


class RevokeApiKeyRequest(RpcRequest, frozen=True, kw_only=True):
    api_key_id: str
