"""`/v1/me`: the signed-in user, their workspaces and their privacy-policy acceptance."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get

from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import USER, authorize
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.openapi import problem_responses
from shared.contracts import auth as c
from shared.contracts import auth_views as v


class MeController(Controller):
    path = "/v1/me"
    tags = ["account"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/",
        operation_id="getMe",
        summary="Who you are, where you are a member, which policy version you accepted",
        opt=USER,
        responses=problem_responses(401, 403, 404, 503, 504),
    )
    async def me(self, request: Request[Any, Any, Any]) -> v.MeView:
        """Needs a user credential (not an API key)."""
        ctx = context_of(principal_of(request))
        return await call_auth(request, c.ME, c.MeRequest(ctx=ctx), v.MeView)
