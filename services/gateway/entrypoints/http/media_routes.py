"""Media of the credential's workspace: uploads by signed URL, imports, reading, review.

Bytes never pass through the gateway: `POST /v1/media` answers a signed, single-use URL on the
media service's data plane, and `GET /v1/media/{id}/content` an expiring download URL.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.connection import ASGIConnection
from litestar.params import JSONBody, QueryParameter

from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import authorize, needs
from services.gateway.entrypoints.http.identity import context_of, identity_of, principal_of
from services.gateway.entrypoints.http.openapi import problem_responses
from services.gateway.entrypoints.http.strict_body import strict_body
from services.gateway.entrypoints.http.workspace_routes import (
    IdempotencyKey,
    IdParam,
    replay_headers,
)
from shared.contracts import media as m
from shared.contracts.rpc import RpcRequest

Reply = TypeVar("Reply")
# Longest a workspace may keep attached media (ten years), as the media service enforces.
MAX_RETENTION_DAYS = 3650
Cursor = Annotated[str | None, QueryParameter(max_length=200)]
Limit = Annotated[int, QueryParameter(ge=1, le=100)]
StatusFilter = Annotated[m.MediaStatusName | None, QueryParameter()]


class UploadBody(msgspec.Struct, frozen=True, kw_only=True):
    """What will be uploaded. Accepted types: image/jpeg, image/png, image/webp, image/gif,
    video/mp4, video/quicktime, video/webm; the bytes' magic numbers must agree."""

    filename: Annotated[str, msgspec.Meta(max_length=1024)]
    content_type: Annotated[str, msgspec.Meta(max_length=255)]
    size: Annotated[int, msgspec.Meta(ge=0, le=2**53)]


class ImportBody(msgspec.Struct, frozen=True, kw_only=True):
    """An http(s) URL; hosts that are or resolve to non-public addresses are refused (422)."""

    url: Annotated[str, msgspec.Meta(min_length=1, max_length=2048)]


class ReviewBody(msgspec.Struct, frozen=True, kw_only=True):
    """`reason` is required to reject."""

    decision: Literal["approve", "reject"]
    reason: Annotated[str, msgspec.Meta(max_length=500)] = ""


class MediaSettingsBody(msgspec.Struct, frozen=True, kw_only=True):
    review_required: bool
    retention_days: Annotated[int, msgspec.Meta(ge=1, le=MAX_RETENTION_DAYS)] | None = None


async def call_media(
    connection: ASGIConnection[Any, Any, Any, Any],
    subject: str,
    request: RpcRequest,
    reply_type: type[Reply],
) -> Reply:
    return await identity_of(connection).rpc.call(subject, request, reply_type)


class MediaController(Controller):
    path = "/v1/media"
    tags = ["media"]
    guards = [authorize]
    security = SECURITY

    @post(
        "/",
        operation_id="createMediaUpload",
        summary="Register an upload; PUT the bytes to the signed URL. Needs `media:write`.",
        status_code=201,
        opt=needs("media:write"),
        responses=problem_responses(400, 401, 403, 413, 415, 422, 503, 504),
    )
    async def create_upload(
        self,
        data: JSONBody[UploadBody],
        request: Request[Any, Any, Any],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[m.CreateUploadReply]:
        """The URL is single-use and expiring; exactly `size` bytes of the declared type."""
        data = await strict_body(request, UploadBody)
        ctx = context_of(principal_of(request))
        rpc_request = m.CreateUploadRequest(
            ctx=ctx,
            filename=data.filename,
            content_type=data.content_type,
            size=data.size,
            idempotency_key=idempotency_key or "",
        )
        reply = await call_media(request, m.CREATE_UPLOAD, rpc_request, m.CreateUploadReply)
        return Response(reply, status_code=201, headers=replay_headers(reply.replayed))

    @post(
        "/import",
        operation_id="importMedia",
        summary="Import from an http(s) URL (public addresses only). Needs `media:write`.",
        status_code=202,
        opt=needs("media:write"),
        responses=problem_responses(400, 401, 403, 413, 422, 503, 504),
    )
    async def import_media(
        self,
        data: JSONBody[ImportBody],
        request: Request[Any, Any, Any],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[m.MediaView]:
        """Accepted at once; the media is `rejected` with a reason if the fetch fails."""
        ctx = context_of(principal_of(request))
        rpc_request = m.ImportMediaRequest(
            ctx=ctx, url=data.url, idempotency_key=idempotency_key or ""
        )
        reply = await call_media(request, m.IMPORT, rpc_request, m.ImportMediaReply)
        return Response(reply.media, status_code=202, headers=replay_headers(reply.replayed))

    @get(
        "/",
        operation_id="listMedia",
        summary="Media of your workspace, newest first, by cursor. Needs `media:read`.",
        opt=needs("media:read"),
        responses=problem_responses(400, 401, 403, 422, 503, 504),
    )
    async def list_media(
        self,
        request: Request[Any, Any, Any],
        cursor: Cursor = None,
        limit: Limit = 50,
        status: StatusFilter = None,
    ) -> m.MediaPage:
        """Pass `next_cursor` back as `cursor` for the next page."""
        ctx = context_of(principal_of(request))
        rpc_request = m.ListMediaRequest(ctx=ctx, cursor=cursor, limit=limit, status=status)
        return await call_media(request, m.LIST, rpc_request, m.MediaPage)

    @get(
        "/{id:str}",
        operation_id="getMedia",
        summary="One media item with its probe results. Needs `media:read`.",
        opt=needs("media:read"),
        responses=problem_responses(400, 401, 403, 404, 503, 504),
    )
    async def get_media(self, id: IdParam, request: Request[Any, Any, Any]) -> m.MediaView:  # noqa: A002 - the path says {id}
        """Another workspace's id is 404."""
        ctx = context_of(principal_of(request))
        rpc_request = m.MediaIdRequest(ctx=ctx, media_id=id)
        return await call_media(request, m.GET, rpc_request, m.MediaView)

    @delete(
        "/{id:str}",
        operation_id="deleteMedia",
        summary="Delete the media and its bytes. Needs `media:write`.",
        opt=needs("media:write"),
        responses=problem_responses(400, 401, 403, 404, 503, 504),
    )
    async def delete_media(self, id: IdParam, request: Request[Any, Any, Any]) -> None:  # noqa: A002 - the path says {id}
        """Another workspace's id is 404."""
        ctx = context_of(principal_of(request))
        rpc_request = m.MediaIdRequest(ctx=ctx, media_id=id)
        await call_media(request, m.DELETE, rpc_request, m.DeletedReply)

    @get(
        "/{id:str}/content",
        operation_id="getMediaContent",
        summary="An expiring download URL (served as an attachment). Needs `media:read`.",
        opt=needs("media:read"),
        responses=problem_responses(400, 401, 403, 404, 409, 503, 504),
    )
    async def content(self, id: IdParam, request: Request[Any, Any, Any]) -> m.SignedUrlReply:  # noqa: A002 - the path says {id}
        """Ready media, or media waiting in review (so reviewers can see it)."""
        ctx = context_of(principal_of(request))
        rpc_request = m.SignDownloadRequest(ctx=ctx, media_id=id)
        return await call_media(request, m.SIGN_DOWNLOAD, rpc_request, m.SignedUrlReply)

    @post(
        "/{id:str}/review",
        operation_id="reviewMedia",
        summary="Approve, or reject with a reason, media waiting in review. Needs `media:review`.",
        status_code=200,
        opt=needs("media:review"),
        responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503, 504),
    )
    async def review(
        self,
        id: IdParam,  # noqa: A002 - the path says {id}
        data: JSONBody[ReviewBody],
        request: Request[Any, Any, Any],
    ) -> m.MediaView:
        """409 when the media is not waiting in review."""
        ctx = context_of(principal_of(request))
        rpc_request = m.ReviewMediaRequest(
            ctx=ctx, media_id=id, decision=data.decision, reason=data.reason
        )
        return await call_media(request, m.REVIEW, rpc_request, m.MediaView)


class MediaSettingsController(Controller):
    path = "/v1/settings/media"
    tags = ["media"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/",
        operation_id="getMediaSettings",
        summary="The workspace's review gate and media retention. Needs `media:read`.",
        opt=needs("media:read"),
        responses=problem_responses(401, 403, 503, 504),
    )
    async def get_settings(self, request: Request[Any, Any, Any]) -> m.MediaSettingsView:
        """Defaults: no review, attached media kept until deleted."""
        ctx = context_of(principal_of(request))
        rpc_request = m.MediaSettingsRequest(ctx=ctx)
        return await call_media(request, m.GET_SETTINGS, rpc_request, m.MediaSettingsView)

    @put(
        "/",
        operation_id="putMediaSettings",
        summary="Require review of new media; keep attached media N days. Needs `settings:manage`.",
        opt=needs("settings:manage"),
        responses=problem_responses(400, 401, 403, 413, 422, 503, 504),
    )
    async def put_settings(
        self, data: JSONBody[MediaSettingsBody], request: Request[Any, Any, Any]
    ) -> m.MediaSettingsView:
        """Unattached uploads always expire after the configured hours, whatever this says."""
        data = await strict_body(request, MediaSettingsBody)
        ctx = context_of(principal_of(request))
        rpc_request = m.SetMediaSettingsRequest(
            ctx=ctx, review_required=data.review_required, retention_days=data.retention_days
        )
        return await call_media(request, m.SET_SETTINGS, rpc_request, m.MediaSettingsView)


MEDIA_ROUTES = [MediaController, MediaSettingsController]
