"""Members of the credential's workspace: list, change a role, remove."""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from litestar import Controller, Request, delete, get, patch
from litestar.params import JSONBody

from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import authorize, needs
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.openapi import problem_responses
from services.gateway.entrypoints.http.workspace_routes import IdParam
from shared.contracts import auth as c
from shared.contracts import auth_views as v

RoleName = Literal["owner", "admin", "editor", "viewer"]


class RoleBody(msgspec.Struct, frozen=True, kw_only=True):
    role: RoleName


class MemberController(Controller):
    path = "/v1/members"
    tags = ["members"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/",
        operation_id="listMembers",
        summary="Members of your current workspace. Needs `members:read`.",
        opt=needs("members:read"),
        responses=problem_responses(401, 403, 404, 503, 504),
    )
    async def list_members(self, request: Request[Any, Any, Any]) -> v.MemberList:
        """Scoped to the credential's workspace."""
        ctx = context_of(principal_of(request))
        return await call_auth(request, c.LIST_MEMBERS, c.ListMembersRequest(ctx=ctx), v.MemberList)

    @patch(
        "/{user_id:str}",
        operation_id="changeMemberRole",
        summary="Change a member's role. Needs `members:manage`; the last owner stays owner.",
        opt=needs("members:manage"),
        responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503, 504),
    )
    async def change_role(
        self, user_id: IdParam, data: JSONBody[RoleBody], request: Request[Any, Any, Any]
    ) -> v.MemberView:
        """Nobody grants or changes a role above their own (403 `role_too_high`)."""
        ctx = context_of(principal_of(request))
        rpc_request = c.ChangeMemberRoleRequest(ctx=ctx, user_id=user_id, role=data.role)
        return await call_auth(request, c.CHANGE_MEMBER_ROLE, rpc_request, v.MemberView)

    @delete(
        "/{user_id:str}",
        operation_id="removeMember",
        summary="Remove a member. Needs `members:manage`; the last owner cannot be removed.",
        opt=needs("members:manage"),
        responses=problem_responses(400, 401, 403, 404, 409, 503, 504),
    )
    async def remove(self, user_id: IdParam, request: Request[Any, Any, Any]) -> None:
        """A member of another workspace is not found here (404)."""
        ctx = context_of(principal_of(request))
        rpc_request = c.RemoveMemberRequest(ctx=ctx, user_id=user_id)
        await call_auth(request, c.REMOVE_MEMBER, rpc_request, v.Done)
