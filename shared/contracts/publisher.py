"""Contracts of the publisher service: its RPC subjects and its events (`evt.publisher.*`).

The request and reply structs of `rpc.publisher.*` live beside this file in `publisher_rpc.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from shared.contracts.envelope import Event
from shared.contracts.rpc import health_subject, rpc_subject

SERVICE = "publisher"
HEALTH = health_subject(SERVICE)

OPERATIONS = (
    "create_post",
    "get_post",
    "list_posts",
    "update_post",
    "delete_post",
    "validate_post",
    "schedule_post",
    "publish_now",
    "cancel_post",
    "submit_post",
    "approve_post",
    "reject_post",
    "list_attempts",
    "retry_target",
    "get_settings",
    "update_settings",
)
SUBJECTS = {operation: rpc_subject(SERVICE, operation) for operation in OPERATIONS}


class TargetEvent(Event, frozen=True, kw_only=True):
    """Every publisher event is about one target of one post."""

    service: ClassVar[str] = SERVICE
    post_id: str
    target_id: str
    connection_id: str
    provider: str


class PostScheduled(TargetEvent, frozen=True, kw_only=True):
    """A target will be published at `scheduled_at` (the wall time and zone as asked)."""

    name: ClassVar[str] = "post_scheduled"
    scheduled_at: datetime
    timezone: str
    local_time: str


class PostPublishing(TargetEvent, frozen=True, kw_only=True):
    """A send to the provider is starting (recorded before the call is made)."""

    name: ClassVar[str] = "post_publishing"
    attempt: int
    lateness_ms: int | None = None


class PostPublished(TargetEvent, frozen=True, kw_only=True):
    """The provider confirmed the post (`inbox`: delivered to the creator's drafts)."""

    name: ClassVar[str] = "post_published"
    provider_post_id: str
    url: str = ""
    inbox: bool = False


class PostFailed(TargetEvent, frozen=True, kw_only=True):
    """The target will not be published; `reason` is a stable code, `message` is for people."""

    name: ClassVar[str] = "post_failed"
    reason: str
    message: str


class PostUnconfirmed(TargetEvent, frozen=True, kw_only=True):
    """A send had an ambiguous outcome; it is being reconciled with the provider."""

    name: ClassVar[str] = "post_unconfirmed"
    detail: str


class PostCancelled(TargetEvent, frozen=True, kw_only=True):
    """The target was cancelled before publishing started."""

    name: ClassVar[str] = "post_cancelled"
    reason: str
