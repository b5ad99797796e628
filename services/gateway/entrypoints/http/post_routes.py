"""Posts: compose, schedule in a time zone, publish now, approve, and read what happened."""

from __future__ import annotations

# ruff: noqa: A002 - the REST paths name their parameter {id}
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.params import JSONBody, QueryParameter

from services.gateway.entrypoints.http import post_bodies as b
from services.gateway.entrypoints.http.authentication import SECURITY
from services.gateway.entrypoints.http.guards import authorize, needs
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.openapi import problem_responses
from services.gateway.entrypoints.http.query_params import From, To, instant
from services.gateway.entrypoints.http.strict_body import strict_body
from services.gateway.entrypoints.http.workspace_routes import IdempotencyKey, IdParam
from shared.contracts import publisher_rpc as p
from shared.contracts.publisher import SUBJECTS
from shared.contracts.rpc import RpcRequest
from shared.tenancy import RequestContext

READ = problem_responses(400, 401, 403, 404, 503, 504)
WRITE = problem_responses(400, 401, 403, 404, 409, 413, 422, 503, 504)
Limit = Annotated[int, QueryParameter(ge=1, le=200)]
Cursor = Annotated[str | None, QueryParameter(max_length=200)]
Status = Annotated[str | None, QueryParameter(pattern=r"^[a-z_]{1,30}$")]


def _tags(tags: list[str]) -> list[str]:
    return [tag for tag in (t.strip() for t in tags) if tag]


def _ctx(request: Request[Any, Any, Any]) -> RequestContext:
    return context_of(principal_of(request))


async def _post(request: Request[Any, Any, Any], operation: str, body: RpcRequest) -> p.PostView:
    return await call_auth(request, SUBJECTS[operation], body, p.PostView)


class PostController(Controller):
    path = "/v1/posts"
    tags = ["posts"]
    guards = [authorize]
    security = SECURITY

    @post(
        "/",
        operation_id="createPost",
        summary="A draft post with its targets. Needs `posts:write`.",
        status_code=201,
        opt=needs("posts:write"),
        responses=WRITE,
    )
    async def create(
        self,
        data: JSONBody[b.NewPost],
        request: Request[Any, Any, Any],
        idempotency_key: IdempotencyKey = None,
    ) -> p.PostView:
        """Same Idempotency-Key and body: the same post; same key, other body: refused."""
        data = await strict_body(request, b.NewPost)
        body = p.CreatePostRequest(
            ctx=_ctx(request),
            text=data.text,
            media=data.media,
            tags=_tags(data.tags),
            targets=data.targets,
            idempotency_key=idempotency_key or "",
        )
        return await _post(request, "create_post", body)

    @get(
        "/",
        operation_id="listPosts",
        summary="Posts for the calendar: range, status, cursor.",
        opt=needs("posts:read"),
        responses=READ,
    )
    async def list_posts(
        self,
        request: Request[Any, Any, Any],
        start: From = None,
        end: To = None,
        status: Status = None,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> p.PostPage:
        body = p.ListPostsRequest(
            ctx=_ctx(request),
            start=instant("from", start),
            end=instant("to", end),
            status=status,
            cursor=cursor,
            limit=limit,
        )
        return await call_auth(request, SUBJECTS["list_posts"], body, p.PostPage)

    @get(
        "/{id:str}",
        operation_id="getPost",
        summary="One post with its targets.",
        opt=needs("posts:read"),
        responses=READ,
    )
    async def get_post(self, id: IdParam, request: Request[Any, Any, Any]) -> p.PostView:
        return await _post(request, "get_post", p.PostRef(ctx=_ctx(request), post_id=id))

    @patch(
        "/{id:str}",
        operation_id="updatePost",
        summary="Edit until publishing starts.",
        opt=needs("posts:write"),
        responses=WRITE,
    )
    async def update(
        self, id: IdParam, data: JSONBody[b.PostChanges], request: Request[Any, Any, Any]
    ) -> p.PostView:
        data = await strict_body(request, b.PostChanges)
        body = p.UpdatePostRequest(
            ctx=_ctx(request),
            post_id=id,
            version=data.version,
            text=data.text,
            media=data.media,
            tags=None if data.tags is None else _tags(data.tags),
            targets=data.targets,
        )
        return await _post(request, "update_post", body)

    @delete(
        "/{id:str}",
        operation_id="deletePost",
        summary="Delete (soft, then retention).",
        opt=needs("posts:write"),
        responses=WRITE,
    )
    async def delete_post(self, id: IdParam, request: Request[Any, Any, Any]) -> None:
        body = p.DeletePostRequest(ctx=_ctx(request), post_id=id)
        await call_auth(request, SUBJECTS["delete_post"], body, dict[str, bool])

    @post(
        "/{id:str}/schedule",
        operation_id="schedulePost",
        status_code=200,
        summary="Schedule at a wall time in an IANA zone (DST-safe).",
        opt=needs("posts:write"),
        responses=WRITE,
    )
    async def schedule(
        self, id: IdParam, data: JSONBody[p.ScheduleInput], request: Request[Any, Any, Any]
    ) -> p.PostView:
        body = p.SchedulePostRequest(ctx=_ctx(request), post_id=id, schedule=data)
        return await _post(request, "schedule_post", body)

    @post(
        "/{id:str}/publish-now",
        operation_id="publishNow",
        status_code=200,
        summary="Publish every target now.",
        opt=needs("posts:write"),
        responses=WRITE,
    )
    async def publish_now(
        self, id: IdParam, data: JSONBody[b.PublishNow], request: Request[Any, Any, Any]
    ) -> p.PostView:
        body = p.PublishNowRequest(ctx=_ctx(request), post_id=id, timezone=data.timezone)
        return await _post(request, "publish_now", body)

    @post(
        "/{id:str}/cancel",
        operation_id="cancelPost",
        status_code=200,
        summary="Cancel targets that have not started publishing.",
        opt=needs("posts:write"),
        responses=WRITE,
    )
    async def cancel(
        self, id: IdParam, data: JSONBody[b.Cancel], request: Request[Any, Any, Any]
    ) -> p.PostView:
        body = p.CancelPostRequest(
            ctx=_ctx(request), post_id=id, target_ids=data.target_ids, reason=data.reason
        )
        return await _post(request, "cancel_post", body)

    @post(
        "/{id:str}/submit",
        operation_id="submitPost",
        status_code=200,
        summary="Submit for approval (with the schedule to apply once approved).",
        opt=needs("posts:write"),
        responses=WRITE,
    )
    async def submit(
        self, id: IdParam, data: JSONBody[b.Submit], request: Request[Any, Any, Any]
    ) -> p.PostView:
        body = p.SubmitPostRequest(ctx=_ctx(request), post_id=id, schedule=data.schedule)
        return await _post(request, "submit_post", body)

    @post(
        "/{id:str}/approve",
        operation_id="approvePost",
        status_code=200,
        summary="Approve a submitted post. Needs `posts:approve`.",
        opt=needs("posts:approve"),
        responses=WRITE,
    )
    async def approve(
        self, id: IdParam, data: JSONBody[b.Review], request: Request[Any, Any, Any]
    ) -> p.PostView:
        body = p.ReviewPostRequest(ctx=_ctx(request), post_id=id, note=data.note)
        return await _post(request, "approve_post", body)

    @post(
        "/{id:str}/reject",
        operation_id="rejectPost",
        status_code=200,
        summary="Reject a submitted post with a reason. Needs `posts:approve`.",
        opt=needs("posts:approve"),
        responses=WRITE,
    )
    async def reject(
        self, id: IdParam, data: JSONBody[b.Rejection], request: Request[Any, Any, Any]
    ) -> p.PostView:
        body = p.ReviewPostRequest(ctx=_ctx(request), post_id=id, note=data.note)
        return await _post(request, "reject_post", body)

    @get(
        "/{id:str}/attempts",
        operation_id="listAttempts",
        summary="Every attempt: when, what was sent, the provider's answer, duration, trace id.",
        opt=needs("posts:read"),
        responses=READ,
    )
    async def attempts(self, id: IdParam, request: Request[Any, Any, Any]) -> p.AttemptList:
        body = p.PostRef(ctx=_ctx(request), post_id=id)
        return await call_auth(request, SUBJECTS["list_attempts"], body, p.AttemptList)

    @post(
        "/{id:str}/targets/{target_id:str}/retry",
        operation_id="retryTarget",
        status_code=200,
        summary="Retry a failed target (refused for published ones).",
        opt=needs("posts:write"),
        responses=WRITE,
    )
    async def retry(
        self, id: IdParam, target_id: IdParam, request: Request[Any, Any, Any]
    ) -> p.PostView:
        body = p.RetryTargetRequest(ctx=_ctx(request), post_id=id, target_id=target_id)
        return await _post(request, "retry_target", body)


class PublishingSettingsController(Controller):
    path = "/v1/settings/publishing"
    tags = ["posts"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/",
        operation_id="getPublishingSettings",
        summary="Whether posts need approval.",
        opt=needs("posts:read"),
        responses=READ,
    )
    async def read(self, request: Request[Any, Any, Any]) -> p.SettingsView:
        body = p.SettingsRequest(ctx=_ctx(request))
        return await call_auth(request, SUBJECTS["get_settings"], body, p.SettingsView)

    @put(
        "/",
        operation_id="putPublishingSettings",
        summary="Require approval before scheduling.",
        opt=needs("settings:manage"),
        responses=WRITE,
    )
    async def write(
        self, data: JSONBody[b.PublishingSettings], request: Request[Any, Any, Any]
    ) -> Response[p.SettingsView]:
        data = await strict_body(request, b.PublishingSettings)
        body = p.UpdateSettingsRequest(ctx=_ctx(request), require_approval=data.require_approval)
        view = await call_auth(request, SUBJECTS["update_settings"], body, p.SettingsView)
        return Response(view)


POST_ROUTES = [PostController, PublishingSettingsController]
