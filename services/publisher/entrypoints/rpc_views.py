"""Translation between RPC contracts and the domain (both directions), in one place."""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

import msgspec

from services.publisher.app.details import PostDetails
from services.publisher.domain.post import MastodonOptions, TargetSpec, TikTokOptions
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.validation import Notice, Violation
from services.publisher.ports.attempt_log import Attempt
from shared.contracts.publisher_rpc import (
    AttemptView,
    CreatePostRequest,
    FailureView,
    MastodonSettings,
    PostView,
    ProblemItem,
    ScheduleView,
    TargetInput,
    TargetView,
    TikTokSettings,
)
from shared.tenancy import RequestContext

T = TypeVar("T")


def _same(value: msgspec.Struct | None, kind: type[T]) -> T | None:
    return None if value is None else msgspec.convert(msgspec.to_builtins(value), kind)


def target_spec(item: TargetInput) -> TargetSpec:
    return TargetSpec(
        id=item.target_id or "",
        connection_id=item.connection_id,
        provider=item.provider,
        text=item.text,
        tiktok=_same(item.tiktok, TikTokOptions),
        mastodon=_same(item.mastodon, MastodonOptions),
    )


def fingerprint(request: CreatePostRequest) -> str:
    """Hash of the body as the client sent it (ctx and the key itself left out)."""
    body = msgspec.structs.replace(request, ctx=RequestContext(), idempotency_key="")
    return hashlib.sha256(msgspec.json.encode(body)).hexdigest()


def problem_item(item: Violation | Notice) -> ProblemItem:
    field = item.field if isinstance(item, Violation) else ""
    return ProblemItem(code=item.code, message=item.message, target_id=item.target_id, field=field)


def post_view(details: PostDetails) -> PostView:
    post = details.post
    schedule = post.schedule
    return PostView(
        post_id=post.id,
        author=post.author,
        text=post.text,
        media=list(post.media),
        tags=list(post.tags),
        revision=post.revision,
        version=post.version,
        approval=post.approval.value,
        approval_note=post.approval_note,
        reviewed_by=post.reviewed_by,
        schedule=None
        if schedule is None
        else ScheduleView(
            at=schedule.at,
            timezone=schedule.zone,
            local_time=schedule.local,
            fold=schedule.fold,
            ambiguous=schedule.ambiguous,
        ),
        publishing_started=post.publishing_started,
        created_at=post.created_at,
        updated_at=post.updated_at,
        targets=[_target_view(spec, details.record(spec.id)) for spec in post.targets],
        notices=[problem_item(n) for n in details.notices],
    )


def _target_view(spec: TargetSpec, record: TargetRecord) -> TargetView:
    failure = record.failure
    return TargetView(
        target_id=spec.id,
        connection_id=spec.connection_id,
        provider=spec.provider,
        state=record.state.value,
        text=spec.text,
        tiktok=_same(spec.tiktok, TikTokSettings),
        mastodon=_same(spec.mastodon, MastodonSettings),
        due_at=record.due_at,
        next_action_at=record.run_at,
        sends=record.sends,
        lateness_ms=record.lateness_ms,
        provider_post_id=record.provider_post_id,
        url=record.url,
        inbox=record.inbox,
        failure=None if failure is None else _same(failure, FailureView),
        last_error=record.last_error,
        published_at=record.published_at,
    )


def attempt_view(attempt: Attempt) -> AttemptView:
    request: dict[str, Any] = attempt.request
    return AttemptView(
        attempt_id=attempt.id,
        target_id=attempt.target_id,
        number=attempt.number,
        kind=attempt.kind,
        started_at=attempt.started_at,
        outcome=attempt.outcome,
        request=request,
        answer=attempt.answer,
        error=attempt.error,
        duration_ms=attempt.duration_ms,
        trace_id=attempt.trace_id,
    )
