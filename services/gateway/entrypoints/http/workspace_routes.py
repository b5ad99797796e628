"""Workspaces: create, list yours, switch the session to another one."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import HeaderParameter, JSONBody, PathParameter

from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import USER, authorize
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.openapi import problem_responses
from shared.contracts import auth as c
from shared.contracts import auth_views as v

IdParam = Annotated[str, PathParameter(pattern=r"^[A-Za-z0-9_-]{1,100}$")]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        min_length=1,
        max_length=255,
        description="Repeat a create safely: the same key answers the first result",
    ),
]
REPLAYED = "Idempotent-Replayed"


class WorkspaceBody(msgspec.Struct, frozen=True, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


def replay_headers(replayed: bool) -> dict[str, str]:
    return {REPLAYED: "true"} if replayed else {}


class WorkspaceController(Controller):
    path = "/v1/workspaces"
    tags = ["workspaces"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/",
        operation_id="listWorkspaces",
        summary="The workspaces you belong to, with your role in each",
        opt=USER,
        responses=problem_responses(401, 403, 503, 504),
    )
    async def list_workspaces(self, request: Request[Any, Any, Any]) -> v.WorkspaceList:
        """Needs a user credential (not an API key)."""
        ctx = context_of(principal_of(request))
        rpc_request = c.ListWorkspacesRequest(ctx=ctx)
        return await call_auth(request, c.LIST_WORKSPACES, rpc_request, v.WorkspaceList)

    @post(
        "/",
        operation_id="createWorkspace",
        summary="Create a workspace; you become its owner",
        status_code=201,
        opt=USER,
        responses=problem_responses(400, 401, 403, 409, 413, 422, 503, 504),
    )
    async def create_workspace(
        self,
        data: JSONBody[WorkspaceBody],
        request: Request[Any, Any, Any],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[v.WorkspaceView]:
        """With `Idempotency-Key`, a repeat answers the first workspace (`Idempotent-Replayed`)."""
        ctx = context_of(principal_of(request))
        rpc_request = c.CreateWorkspaceRequest(
            ctx=ctx, workspace_name=data.name, idempotency_key=idempotency_key or ""
        )
        reply = await call_auth(request, c.CREATE_WORKSPACE, rpc_request, v.WorkspaceCreatedReply)
        return Response(reply.workspace, status_code=201, headers=replay_headers(reply.replayed))

    @post(
        "/{id:str}/switch",
        operation_id="switchWorkspace",
        summary="New tokens for another workspace you belong to (404 if you do not)",
        status_code=200,
        opt=USER,
        responses=problem_responses(400, 401, 403, 404, 503, 504),
    )
    async def switch(self, id: IdParam, request: Request[Any, Any, Any]) -> v.TokenPair:  # noqa: A002 - the path says {id}
        """The session keeps its refresh family; the refresh token it held is rotated away."""
        principal = principal_of(request)
        rpc_request = c.SwitchWorkspaceRequest(
            ctx=context_of(principal), workspace_id=id, session_id=principal.session_id
        )
        return await call_auth(request, c.SWITCH_WORKSPACE, rpc_request, v.TokenPair)
