"""The auth service's request/reply handlers: decode, run the use case, translate refusals."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from faststream.nats import NatsBroker

from services.auth.app.accept_invitation import accept_invitation
from services.auth.app.change_member_role import change_member_role
from services.auth.app.core import AuthCore
from services.auth.app.create_api_key import create_api_key
from services.auth.app.create_invitation import create_invitation
from services.auth.app.create_workspace import create_workspace
from services.auth.app.describe_access_policy import describe_access_policy, publish_jwks
from services.auth.app.describe_me import describe_me
from services.auth.app.list_api_keys import list_api_keys
from services.auth.app.list_members import list_members
from services.auth.app.list_workspaces import list_workspaces
from services.auth.app.login import login
from services.auth.app.logout import logout
from services.auth.app.record_privacy_acceptance import record_privacy_acceptance
from services.auth.app.refresh_session import refresh_session
from services.auth.app.register import register
from services.auth.app.remove_member import remove_member
from services.auth.app.revoke_api_key import revoke_api_key
from services.auth.app.switch_workspace import switch_workspace
from services.auth.app.verify_api_key import verify_api_key
from services.auth.domain.errors import AuthError
from services.auth.entrypoints.problems import to_problem
from shared.contracts import auth as c
from shared.contracts.rpc import RpcRequest
from shared.messaging.rpc import rpc_handler

UseCase = Callable[[AuthCore, Any], Awaitable[Any]]

ROUTES: list[tuple[str, type[RpcRequest], UseCase]] = [
    (c.REGISTER, c.RegisterRequest, register),
    (c.LOGIN, c.LoginRequest, login),
    (c.REFRESH, c.RefreshRequest, refresh_session),
    (c.LOGOUT, c.LogoutRequest, logout),
    (c.ME, c.MeRequest, describe_me),
    (c.JWKS, c.JwksRequest, publish_jwks),
    (c.PERMISSIONS, c.PermissionsRequest, describe_access_policy),
    (c.VERIFY_API_KEY, c.VerifyApiKeyRequest, verify_api_key),
    (c.RECORD_PRIVACY_ACCEPTANCE, c.RecordPrivacyAcceptanceRequest, record_privacy_acceptance),
    (c.CREATE_WORKSPACE, c.CreateWorkspaceRequest, create_workspace),
    (c.LIST_WORKSPACES, c.ListWorkspacesRequest, list_workspaces),
    (c.SWITCH_WORKSPACE, c.SwitchWorkspaceRequest, switch_workspace),
    (c.LIST_MEMBERS, c.ListMembersRequest, list_members),
    (c.CHANGE_MEMBER_ROLE, c.ChangeMemberRoleRequest, change_member_role),
    (c.REMOVE_MEMBER, c.RemoveMemberRequest, remove_member),
    (c.CREATE_INVITATION, c.CreateInvitationRequest, create_invitation),
    (c.ACCEPT_INVITATION, c.AcceptInvitationRequest, accept_invitation),
    (c.LIST_API_KEYS, c.ListApiKeysRequest, list_api_keys),
    (c.CREATE_API_KEY, c.CreateApiKeyRequest, create_api_key),
    (c.REVOKE_API_KEY, c.RevokeApiKeyRequest, revoke_api_key),
]


def register_rpc(broker: NatsBroker, core: AuthCore, *, after_write: Callable[[], None]) -> None:
    """Serve every `rpc.auth.*` subject; `after_write` wakes the outbox relay."""
    for subject, request_type, use_case in ROUTES:
        _serve(broker, core, subject, request_type, use_case, after_write)


def _serve(
    broker: NatsBroker,
    core: AuthCore,
    subject: str,
    request_type: type[RpcRequest],
    use_case: UseCase,
    after_write: Callable[[], None],
) -> None:
    @rpc_handler(broker, subject, queue=c.SERVICE, request_type=request_type)
    async def handle(request: RpcRequest) -> Any:
        """Run the use case; refusals become problems, and the relay is woken either way."""
        try:
            return await use_case(core, request)
        except AuthError as error:
            raise to_problem(error) from None
        finally:
            # A refusal can store events too (a failed sign-in), so wake the relay regardless.
            after_write()
