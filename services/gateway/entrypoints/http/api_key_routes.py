"""API keys of the credential's workspace: list, create (shown once), revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post
from litestar.params import JSONBody

from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import authorize, needs
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.member_routes import RoleName
from services.gateway.entrypoints.http.openapi import problem_responses
from services.gateway.entrypoints.http.workspace_routes import (
    IdempotencyKey,
    IdParam,
    replay_headers,
)
from shared.contracts import auth as c
from shared.contracts import auth_views as v


class ApiKeyBody(msgspec.Struct, frozen=True, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    role: RoleName


class NewApiKey(msgspec.Struct, frozen=True, kw_only=True):
    """`key` is the secret: present in the first answer only; store it now."""

    id: str
    name: str
    role: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    key: str | None = None


class ApiKeyController(Controller):
    path = "/v1/api-keys"
    tags = ["api-keys"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/",
        operation_id="listApiKeys",
        summary="Active API keys (prefix, name, role, last use). Needs `api_keys:read`.",
        opt=needs("api_keys:read"),
        responses=problem_responses(401, 403, 404, 503, 504),
    )
    async def list_keys(self, request: Request[Any, Any, Any]) -> v.ApiKeyList:
        """Never the key itself: only what identifies it."""
        ctx = context_of(principal_of(request))
        return await call_auth(
            request, c.LIST_API_KEYS, c.ListApiKeysRequest(ctx=ctx), v.ApiKeyList
        )

    @post(
        "/",
        operation_id="createApiKey",
        summary="Create an API key bound to this workspace with a role. Needs `api_keys:manage`.",
        status_code=201,
        opt=needs("api_keys:manage"),
        responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503, 504),
    )
    async def create(
        self,
        data: JSONBody[ApiKeyBody],
        request: Request[Any, Any, Any],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[NewApiKey]:
        """The key is in this answer only; a replay (same Idempotency-Key) omits it."""
        ctx = context_of(principal_of(request))
        rpc_request = c.CreateApiKeyRequest(
            ctx=ctx, key_name=data.name, role=data.role, idempotency_key=idempotency_key or ""
        )
        reply = await call_auth(request, c.CREATE_API_KEY, rpc_request, v.CreatedApiKey)
        body = NewApiKey(**msgspec.structs.asdict(reply.api_key), key=reply.key)
        return Response(body, status_code=201, headers=replay_headers(reply.replayed))

    @delete(
        "/{id:str}",
        operation_id="revokeApiKey",
        summary="Revoke an API key (refused within seconds everywhere). Needs `api_keys:manage`.",
        opt=needs("api_keys:manage"),
        responses=problem_responses(400, 401, 403, 404, 503, 504),
    )
    async def revoke(self, id: IdParam, request: Request[Any, Any, Any]) -> None:  # noqa: A002 - the path says {id}
        """Unknown, foreign or already revoked keys are 404."""
        ctx = context_of(principal_of(request))
        rpc_request = c.RevokeApiKeyRequest(ctx=ctx, api_key_id=id)
        await call_auth(request, c.REVOKE_API_KEY, rpc_request, v.Done)
