"""Domain outcomes turned into event contracts (each rides in the target's own write)."""

from __future__ import annotations

from typing import Any, TypeVar

from services.publisher.domain.failure import Failure
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.schedule import Schedule
from shared.contracts.publisher import (
    PostCancelled,
    PostFailed,
    PostPublished,
    PostPublishing,
    PostScheduled,
    PostUnconfirmed,
    TargetEvent,
)

E = TypeVar("E", bound=TargetEvent)


def _event(kind: type[E], record: TargetRecord, actor: str, **fields: Any) -> E:
    return kind(
        tenant_id=record.tenant_id,
        actor=actor,
        post_id=record.post_id,
        target_id=record.id,
        connection_id=record.connection_id,
        provider=record.provider,
        **fields,
    )


def scheduled(record: TargetRecord, schedule: Schedule, actor: str) -> PostScheduled:
    return _event(
        PostScheduled,
        record,
        actor,
        scheduled_at=schedule.at,
        timezone=schedule.zone,
        local_time=schedule.local,
    )


def publishing(record: TargetRecord, attempt: int, lateness_ms: int | None) -> PostPublishing:
    return _event(PostPublishing, record, "system", attempt=attempt, lateness_ms=lateness_ms)


def published(record: TargetRecord, post_id: str, url: str, inbox: bool) -> PostPublished:
    return _event(PostPublished, record, "system", provider_post_id=post_id, url=url, inbox=inbox)


def failed(record: TargetRecord, reason: Failure) -> PostFailed:
    return _event(PostFailed, record, "system", reason=reason.code, message=reason.message)


def unconfirmed(record: TargetRecord, detail: str) -> PostUnconfirmed:
    return _event(PostUnconfirmed, record, "system", detail=detail)


def cancelled(record: TargetRecord, reason: str, actor: str) -> PostCancelled:
    return _event(PostCancelled, record, actor, reason=reason)
