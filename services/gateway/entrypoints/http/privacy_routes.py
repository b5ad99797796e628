"""Data-subject requests: file one (export, erasure, rectification), follow it, download it."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import JSONBody

from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import authorize, needs
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.openapi import problem_responses
from services.gateway.entrypoints.http.strict_body import strict_body
from services.gateway.entrypoints.http.workspace_routes import (
    IdempotencyKey,
    IdParam,
    replay_headers,
)
from shared.contracts import privacy as p

READ = problem_responses(400, 401, 403, 404, 503, 504)


class PrivacyChanges(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A user corrects `email`; an owner corrects the workspace's `workspace_name`."""

    email: Annotated[str, msgspec.Meta(min_length=3, max_length=254)] | None = None
    workspace_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None


class PrivacyRequestBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    kind: p.RequestKind
    subject: p.SubjectKind
    changes: PrivacyChanges | None = None


class PrivacyController(Controller):
    path = "/v1/privacy/requests"
    tags = ["privacy"]
    guards = [authorize]
    security = SECURITY

    @post(
        "/",
        operation_id="createPrivacyRequest",
        summary="File a data-subject request about yourself (`user`) or, as owner, the workspace.",
        status_code=202,
        opt=needs("privacy:request"),
        responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503, 504),
    )
    async def create(
        self,
        data: JSONBody[PrivacyRequestBody],
        request: Request[Any, Any, Any],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[p.PrivacyRequestView]:
        """Answered at once (202); the request runs in the background until its deadline."""
        data = await strict_body(request, PrivacyRequestBody)
        changes = None
        if data.changes is not None:
            changes = p.Changes(
                email=data.changes.email, workspace_name=data.changes.workspace_name
            )
        body = p.CreatePrivacyRequest(
            ctx=context_of(principal_of(request)),
            kind=data.kind,
            subject=data.subject,
            changes=changes,
            idempotency_key=idempotency_key or "",
        )
        view = await call_auth(request, p.CREATE_REQUEST, body, p.PrivacyRequestView)
        return Response(view, status_code=202, headers=replay_headers(view.replayed))

    @get(
        "/{id:str}",
        operation_id="getPrivacyRequest",
        summary="Status, progress, per-service results and the legal deadline of a request.",
        opt=needs("privacy:request"),
        responses=READ,
    )
    async def read(self, id: IdParam, request: Request[Any, Any, Any]) -> p.PrivacyRequestView:  # noqa: A002 - the path says {id}
        body = p.GetPrivacyRequest(ctx=context_of(principal_of(request)), request_id=id)
        return await call_auth(request, p.GET_REQUEST, body, p.PrivacyRequestView)

    @get(
        "/{id:str}/download",
        operation_id="downloadPrivacyExport",
        summary="The export bundle (JSON, as an attachment) while it is kept: seven days.",
        opt=needs("privacy:request"),
        responses=problem_responses(400, 401, 403, 404, 409, 410, 503, 504),
    )
    async def download(
        self,
        id: IdParam,  # noqa: A002 - the path says {id}
        request: Request[Any, Any, Any],
    ) -> Response[p.PrivacyBundle]:
        body = p.GetPrivacyRequest(ctx=context_of(principal_of(request)), request_id=id)
        bundle = await call_auth(request, p.DOWNLOAD, body, p.PrivacyBundle)
        disposition = f'attachment; filename="gamontj-export-{bundle.request_id}.json"'
        return Response(
            bundle,
            headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
        )


PRIVACY_ROUTES = [PrivacyController]
