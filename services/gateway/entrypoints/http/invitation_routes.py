"""Invitations: owners and admins invite by e-mail; the invited user accepts with the token."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, post
from litestar.params import JSONBody, PathParameter

from services.gateway.entrypoints.http.auth_routes import EmailField
from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import USER, authorize, needs
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.member_routes import RoleName
from services.gateway.entrypoints.http.openapi import problem_responses
from services.gateway.entrypoints.http.workspace_routes import IdempotencyKey, replay_headers
from shared.contracts import auth as c
from shared.contracts import auth_views as v

TokenParam = Annotated[str, PathParameter(pattern=r"^[A-Za-z0-9_-]{1,200}$")]


class InvitationBody(msgspec.Struct, frozen=True, kw_only=True):
    email: EmailField
    role: RoleName


class InvitationController(Controller):
    path = "/v1/invitations"
    tags = ["invitations"]
    guards = [authorize]
    security = SECURITY

    @post(
        "/",
        operation_id="createInvitation",
        summary="Invite an e-mail address with a role (single-use link, 7 days). "
        "Needs `invitations:create`; a replay (same Idempotency-Key) omits the link.",
        status_code=201,
        opt=needs("invitations:create"),
        responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503, 504),
    )
    async def create(
        self,
        data: JSONBody[InvitationBody],
        request: Request[Any, Any, Any],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[v.InvitationView]:
        """Nobody invites with a role above their own; members already in are 409."""
        ctx = context_of(principal_of(request))
        rpc_request = c.CreateInvitationRequest(
            ctx=ctx, email=data.email, role=data.role, idempotency_key=idempotency_key or ""
        )
        reply = await call_auth(request, c.CREATE_INVITATION, rpc_request, v.InvitationCreatedReply)
        return Response(reply.invitation, status_code=201, headers=replay_headers(reply.replayed))

    @post(
        "/{token:str}/accept",
        operation_id="acceptInvitation",
        summary="Join the workspace you were invited to (the invitation must be to your e-mail)",
        status_code=200,
        opt=USER,
        responses=problem_responses(400, 401, 403, 404, 409, 503, 504),
    )
    async def accept(self, token: TokenParam, request: Request[Any, Any, Any]) -> v.WorkspaceView:
        """Unknown, used, expired or someone else's invitation: 404."""
        ctx = context_of(principal_of(request))
        rpc_request = c.AcceptInvitationRequest(ctx=ctx, token=token)
        return await call_auth(request, c.ACCEPT_INVITATION, rpc_request, v.WorkspaceView)
