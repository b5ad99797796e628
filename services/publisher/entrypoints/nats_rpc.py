"""`rpc.publisher.*` handlers: decode, call one use case, answer a view (problems on error)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from faststream.nats import NatsBroker, NatsRouter

from services.publisher.app import (
    cancel_post,
    create_post,
    delete_post,
    publishing_settings,
    read_posts,
    retry_target,
    review_post,
    schedule_post,
    update_post,
)
from services.publisher.app.checks import inspect_post
from services.publisher.app.context import Publisher
from services.publisher.app.details import load_post
from services.publisher.domain.post import PostChanges
from services.publisher.domain.schedule import Schedule, resolve
from services.publisher.entrypoints.rpc_errors import translated
from services.publisher.entrypoints.rpc_views import (
    attempt_view,
    fingerprint,
    post_view,
    problem_item,
    target_spec,
)
from services.publisher.ports.workspace_settings import PublishingSettings
from shared.contracts.publisher import SERVICE, SUBJECTS
from shared.contracts.publisher_rpc import (
    AttemptList,
    CancelPostRequest,
    CreatePostRequest,
    DeletePostRequest,
    ListPostsRequest,
    PostPage,
    PostRef,
    PostView,
    PublishNowRequest,
    RetryTargetRequest,
    ReviewPostRequest,
    ScheduleInput,
    SchedulePostRequest,
    SettingsRequest,
    SettingsView,
    SubmitPostRequest,
    UpdatePostRequest,
    UpdateSettingsRequest,
    ValidationView,
)
from shared.contracts.rpc import RpcRequest
from shared.messaging.rpc import rpc_handler

Req = TypeVar("Req", bound=RpcRequest)


def _schedule(given: ScheduleInput) -> Schedule:
    return resolve(given.local_time, given.timezone, occurrence=given.occurrence)


def register(router: NatsRouter | NatsBroker, core: Publisher) -> None:
    """Subscribe every publisher operation (queue group `publisher`)."""
    _register_writes(router, core)
    _register_checks(router, core)
    _register_scheduling(router, core)
    _register_review(router, core)
    _register_reads(router, core)


def _handler(
    router: NatsRouter | NatsBroker, operation: str, request_type: type[Req]
) -> Callable[[Callable[[Req], Awaitable[Any]]], Callable[[Req], Awaitable[Any]]]:
    return rpc_handler(router, SUBJECTS[operation], queue=SERVICE, request_type=request_type)


def _register_writes(router: NatsRouter | NatsBroker, core: Publisher) -> None:
    @_handler(router, "create_post", CreatePostRequest)
    @translated
    async def create(req: CreatePostRequest) -> PostView:
        """Create a draft post (Idempotency-Key honoured)."""
        details = await create_post.create_post(
            core,
            req.ctx,
            text=req.text,
            media=tuple(req.media),
            tags=tuple(req.tags),
            targets=tuple(target_spec(t) for t in req.targets),
            idempotency_key=req.idempotency_key,
            fingerprint=fingerprint(req),
        )
        return post_view(details)

    @_handler(router, "update_post", UpdatePostRequest)
    @translated
    async def update(req: UpdatePostRequest) -> PostView:
        """Edit a post until publishing starts."""
        changes = PostChanges(
            text=req.text,
            media=None if req.media is None else tuple(req.media),
            tags=None if req.tags is None else tuple(req.tags),
            targets=None if req.targets is None else tuple(target_spec(t) for t in req.targets),
        )
        return post_view(
            await update_post.update_post(core, req.ctx, req.post_id, req.version, changes)
        )

    @_handler(router, "delete_post", DeletePostRequest)
    @translated
    async def delete(req: DeletePostRequest) -> dict[str, bool]:
        """Soft-delete a post."""
        await delete_post.delete_post(core, req.ctx, req.post_id, req.version)
        return {"deleted": True}


def _register_checks(router: NatsRouter | NatsBroker, core: Publisher) -> None:
    @_handler(router, "validate_post", PostRef)
    @translated
    async def validate(req: PostRef) -> ValidationView:
        """Dry run: every violation and notice, nothing changed."""
        post = await load_post(core, req.ctx.require_tenant(), req.post_id)
        found = await inspect_post(core, post)
        return ValidationView(
            ok=not found.violations,
            violations=[problem_item(v) for v in found.violations],
            notices=[problem_item(n) for n in found.notices],
        )

    @_handler(router, "get_settings", SettingsRequest)
    @translated
    async def get_settings(req: SettingsRequest) -> SettingsView:
        """The workspace's publishing settings."""
        found = await publishing_settings.get_settings(core, req.ctx)
        return SettingsView(require_approval=found.require_approval)

    @_handler(router, "update_settings", UpdateSettingsRequest)
    @translated
    async def put_settings(req: UpdateSettingsRequest) -> SettingsView:
        """Change whether posts need approval."""
        wanted = PublishingSettings(require_approval=req.require_approval)
        found = await publishing_settings.update_settings(core, req.ctx, wanted)
        return SettingsView(require_approval=found.require_approval)


def _register_scheduling(router: NatsRouter | NatsBroker, core: Publisher) -> None:
    @_handler(router, "schedule_post", SchedulePostRequest)
    @translated
    async def schedule(req: SchedulePostRequest) -> PostView:
        """Schedule at a wall time in an IANA zone."""
        # Another workspace's post is 404 whatever the body says: look it up first.
        await load_post(core, req.ctx.require_tenant(), req.post_id)
        when = _schedule(req.schedule)
        return post_view(await schedule_post.schedule_post(core, req.ctx, req.post_id, when))

    @_handler(router, "publish_now", PublishNowRequest)
    @translated
    async def now(req: PublishNowRequest) -> PostView:
        """Publish at once."""
        await load_post(core, req.ctx.require_tenant(), req.post_id)
        return post_view(await schedule_post.publish_now(core, req.ctx, req.post_id, req.timezone))

    @_handler(router, "cancel_post", CancelPostRequest)
    @translated
    async def cancel(req: CancelPostRequest) -> PostView:
        """Cancel targets that have not started."""
        details = await cancel_post.cancel_post(
            core, req.ctx, req.post_id, req.target_ids, req.reason
        )
        return post_view(details)

    @_handler(router, "retry_target", RetryTargetRequest)
    @translated
    async def retry(req: RetryTargetRequest) -> PostView:
        """Retry a failed target, or check an unconfirmed one again."""
        details = await retry_target.retry_target(core, req.ctx, req.post_id, req.target_id)
        return post_view(details)


def _register_review(router: NatsRouter | NatsBroker, core: Publisher) -> None:
    @_handler(router, "submit_post", SubmitPostRequest)
    @translated
    async def submit(req: SubmitPostRequest) -> PostView:
        """Ask an owner or admin to approve."""
        await load_post(core, req.ctx.require_tenant(), req.post_id)
        when = None if req.schedule is None else _schedule(req.schedule)
        return post_view(await review_post.submit_post(core, req.ctx, req.post_id, when))

    @_handler(router, "approve_post", ReviewPostRequest)
    @translated
    async def approve(req: ReviewPostRequest) -> PostView:
        """Approve (and schedule if a time was set)."""
        return post_view(await review_post.approve_post(core, req.ctx, req.post_id, req.note))

    @_handler(router, "reject_post", ReviewPostRequest)
    @translated
    async def reject(req: ReviewPostRequest) -> PostView:
        """Reject with a reason."""
        return post_view(await review_post.reject_post(core, req.ctx, req.post_id, req.note))


def _register_reads(router: NatsRouter | NatsBroker, core: Publisher) -> None:
    @_handler(router, "get_post", PostRef)
    @translated
    async def get(req: PostRef) -> PostView:
        """One post with its targets' progress."""
        return post_view(await read_posts.get_post(core, req.ctx, req.post_id))

    @_handler(router, "list_posts", ListPostsRequest)
    @translated
    async def list_(req: ListPostsRequest) -> PostPage:
        """Posts by calendar range and status, or newest first."""
        items, cursor = await read_posts.list_posts(
            core,
            req.ctx,
            start=req.start,
            end=req.end,
            status=req.status,
            cursor=req.cursor,
            limit=req.limit,
        )
        return PostPage(items=[post_view(i) for i in items], next_cursor=cursor)

    @_handler(router, "list_attempts", PostRef)
    @translated
    async def attempts(req: PostRef) -> AttemptList:
        """The troubleshooting log of a post."""
        found = await read_posts.list_attempts(core, req.ctx, req.post_id)
        return AttemptList(items=[attempt_view(a) for a in found])
