"""The disclosure ledger: every time workspace data left for a provider (owners and admins)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import QueryParameter

from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import authorize, needs
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.openapi import problem_responses
from services.gateway.entrypoints.http.query_params import From, To, instant
from shared.contracts import disclosures as d

Limit = Annotated[int, QueryParameter(ge=1, le=200)]
Cursor = Annotated[str | None, QueryParameter(pattern=d.CURSOR_PATTERN, max_length=80)]
Provider = Annotated[str | None, QueryParameter(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class DisclosureController(Controller):
    tags = ["privacy"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/v1/privacy/disclosures",
        operation_id="listDisclosures",
        summary="What data left for which provider, and when, newest first. Needs `audit:read`.",
        opt=needs("audit:read"),
        responses=problem_responses(400, 401, 403, 404, 503, 504),
    )
    async def disclosures(
        self,
        request: Request[Any, Any, Any],
        start: From = None,
        end: To = None,
        provider: Provider = None,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> d.DisclosurePage:
        body = d.ReadDisclosures(
            ctx=context_of(principal_of(request)),
            occurred_from=instant("from", start),
            occurred_to=instant("to", end),
            provider=provider,
            cursor=cursor,
            limit=limit,
        )
        return await call_auth(request, d.READ, body, d.DisclosurePage)


DISCLOSURE_ROUTES = [DisclosureController]
