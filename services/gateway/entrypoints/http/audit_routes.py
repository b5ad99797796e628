"""Audit trail, its verification, the operational log and retention settings."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, put
from litestar.params import JSONBody, QueryParameter

from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import authorize, needs
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.openapi import problem_responses
from services.gateway.entrypoints.http.query_params import From, To, instant
from services.gateway.entrypoints.http.strict_body import strict_body
from shared.contracts import audit as a

READ = problem_responses(400, 401, 403, 404, 503, 504)
Limit = Annotated[int, QueryParameter(ge=1, le=200)]
Cursor = Annotated[str | None, QueryParameter(pattern=r"^[0-9]{1,20}$")]
Filter = Annotated[str | None, QueryParameter(max_length=200)]


class AuditController(Controller):
    tags = ["audit"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/v1/audit/events",
        operation_id="listAuditEvents",
        summary="The workspace's hash-chained trail, newest first. Needs `audit:read`.",
        opt=needs("audit:read"),
        responses=READ,
    )
    async def events(
        self,
        request: Request[Any, Any, Any],
        start: From = None,
        end: To = None,
        event_type: Annotated[str | None, QueryParameter(name="type", max_length=100)] = None,
        actor: Filter = None,
        subject: Filter = None,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> a.TrailPage:
        body = a.ReadTrail(
            ctx=context_of(principal_of(request)),
            occurred_from=instant("from", start),
            occurred_to=instant("to", end),
            event_type=event_type,
            actor=actor,
            subject=subject,
            cursor=cursor,
            limit=limit,
        )
        return await call_auth(request, a.TRAIL, body, a.TrailPage)

    @get(
        "/v1/audit/verify",
        operation_id="verifyAuditTrail",
        summary="Recompute the chain; reports the first broken entry. Needs `audit:read`.",
        opt=needs("audit:read"),
        responses=READ,
    )
    async def verify(self, request: Request[Any, Any, Any]) -> a.ChainVerification:
        body = a.VerifyTrail(ctx=context_of(principal_of(request)))
        return await call_auth(request, a.VERIFY, body, a.ChainVerification)

    @get(
        "/v1/ops/logs",
        operation_id="listOpsLogs",
        summary="Failures to troubleshoot (failed publishes, refresh failures…) with trace ids.",
        opt=needs("workspace:read"),
        responses=READ,
    )
    async def ops_logs(
        self,
        request: Request[Any, Any, Any],
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> a.OpsPage:
        body = a.ReadOpsLog(ctx=context_of(principal_of(request)), cursor=cursor, limit=limit)
        return await call_auth(request, a.OPS_LOG, body, a.OpsPage)


class RetentionController(Controller):
    path = "/v1/settings/retention"
    tags = ["audit"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/",
        operation_id="getRetention",
        summary="How long each kind of data is kept, in days.",
        opt=needs("workspace:read"),
        responses=READ,
    )
    async def read(self, request: Request[Any, Any, Any]) -> a.Retention:
        body = a.GetRetention(ctx=context_of(principal_of(request)))
        return await call_auth(request, a.RETENTION_GET, body, a.Retention)

    @put(
        "/",
        operation_id="putRetention",
        summary="Change retention (every out-of-bounds value is listed). Needs `settings:manage`.",
        opt=needs("settings:manage"),
        responses=problem_responses(400, 401, 403, 404, 413, 422, 503, 504),
    )
    async def write(
        self, data: JSONBody[a.Retention], request: Request[Any, Any, Any]
    ) -> a.Retention:
        data = await strict_body(request, a.Retention)
        body = a.PutRetention(ctx=context_of(principal_of(request)), settings=data)
        return await call_auth(request, a.RETENTION_PUT, body, a.Retention)


AUDIT_ROUTES = [AuditController, RetentionController]
