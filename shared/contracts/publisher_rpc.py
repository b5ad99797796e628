"""Request and reply structs of `rpc.publisher.*` (subjects in `publisher.py`).

Times are RFC 3339 UTC instants, except a schedule's `local_time`, a wall time without offset
read in `timezone` (an IANA name). Every request carries `ctx` (workspace, actor, role).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from shared.contracts.rpc import RpcRequest


class TikTokSettings(msgspec.Struct, frozen=True, kw_only=True):
    privacy_level: str | None = None
    disable_comment: bool = False
    disable_duet: bool = False
    disable_stitch: bool = False
    mode: Literal["direct", "inbox"] | None = None  # None: direct if granted, else inbox
    title: str | None = None


class MastodonSettings(msgspec.Struct, frozen=True, kw_only=True):
    visibility: Literal["public", "unlisted", "private", "direct"] = "public"
    spoiler_text: str = ""
    sensitive: bool = False
    language: str | None = None


# Ids we issue: refusing anything else at the edge keeps odd bytes out of stored posts (and out
# of the ids other operations are later called with).
IssuedId = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]{1,100}$")]


class TargetInput(msgspec.Struct, frozen=True, kw_only=True):
    """A connection to post to; `target_id` keeps an existing target when editing."""

    connection_id: IssuedId
    provider: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9_-]{1,40}$")]
    target_id: IssuedId | None = None
    text: str | None = None
    tiktok: TikTokSettings | None = None
    mastodon: MastodonSettings | None = None


class ScheduleInput(msgspec.Struct, frozen=True, kw_only=True):
    local_time: str  # e.g. 2026-03-29T09:30:00; an explicit offset picks the DST occurrence
    timezone: str  # e.g. Europe/Paris
    occurrence: Literal["earlier", "later"] = "earlier"  # for a wall time that happens twice


class CreatePostRequest(RpcRequest, frozen=True, kw_only=True):
    text: str = ""
    media: list[str] = msgspec.field(default_factory=list)
    tags: list[str] = msgspec.field(default_factory=list)
    targets: list[TargetInput] = msgspec.field(default_factory=list)
    idempotency_key: str = ""  # the Idempotency-Key header


class PostRef(RpcRequest, frozen=True, kw_only=True):
    post_id: str


class UpdatePostRequest(RpcRequest, frozen=True, kw_only=True):
    post_id: str
    version: int | None = None  # the version the editor saw (If-Match); None: latest
    text: str | None = None
    media: list[str] | None = None
    tags: list[str] | None = None
    targets: list[TargetInput] | None = None


class DeletePostRequest(RpcRequest, frozen=True, kw_only=True):
    post_id: str
    version: int | None = None


class SchedulePostRequest(RpcRequest, frozen=True, kw_only=True):
    post_id: str
    schedule: ScheduleInput


class PublishNowRequest(RpcRequest, frozen=True, kw_only=True):
    post_id: str
    timezone: str = "UTC"


class CancelPostRequest(RpcRequest, frozen=True, kw_only=True):
    post_id: str
    target_ids: list[str] = msgspec.field(default_factory=list)  # empty: every target
    reason: str = ""


class SubmitPostRequest(RpcRequest, frozen=True, kw_only=True):
    post_id: str
    schedule: ScheduleInput | None = None  # applied when an owner or admin approves


class ReviewPostRequest(RpcRequest, frozen=True, kw_only=True):
    post_id: str
    note: str = ""  # required when rejecting: the editor reads it


class RetryTargetRequest(RpcRequest, frozen=True, kw_only=True):
    post_id: str
    target_id: str


class ListPostsRequest(RpcRequest, frozen=True, kw_only=True):
    start: datetime | None = msgspec.field(default=None, name="from")
    end: datetime | None = msgspec.field(default=None, name="to")
    status: str | None = None  # a target state: posts with at least one target in it
    cursor: str | None = None
    limit: int = 50


class ProblemItem(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    message: str
    target_id: str = ""
    field: str = ""


class FailureView(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    message: str
    provider_detail: str = ""


class ScheduleView(msgspec.Struct, frozen=True, kw_only=True):
    at: datetime
    timezone: str
    local_time: str
    fold: int = 0
    ambiguous: bool = False


class TargetView(msgspec.Struct, frozen=True, kw_only=True):
    target_id: str
    connection_id: str
    provider: str
    state: str
    text: str | None = None
    tiktok: TikTokSettings | None = None
    mastodon: MastodonSettings | None = None
    due_at: datetime | None = None
    next_action_at: datetime | None = None
    sends: int = 0
    lateness_ms: int | None = None
    provider_post_id: str = ""
    url: str = ""
    inbox: bool = False
    failure: FailureView | None = None
    last_error: str = ""
    published_at: datetime | None = None


class PostView(msgspec.Struct, frozen=True, kw_only=True):
    post_id: str
    author: str
    text: str
    media: list[str]
    tags: list[str]
    revision: int
    version: int
    approval: str
    approval_note: str = ""
    reviewed_by: str = ""
    schedule: ScheduleView | None = None
    publishing_started: bool = False
    created_at: datetime
    updated_at: datetime
    targets: list[TargetView]
    notices: list[ProblemItem] = msgspec.field(default_factory=list)


class PostPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[PostView]
    next_cursor: str | None = None


class ValidationView(msgspec.Struct, frozen=True, kw_only=True):
    ok: bool
    violations: list[ProblemItem]
    notices: list[ProblemItem]


class AttemptView(msgspec.Struct, frozen=True, kw_only=True):
    attempt_id: str
    target_id: str
    number: int
    kind: str
    started_at: datetime
    outcome: str
    request: dict[str, Any]
    answer: str = ""
    error: str = ""
    duration_ms: int | None = None
    trace_id: str = ""


class AttemptList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[AttemptView]


class SettingsRequest(RpcRequest, frozen=True, kw_only=True):
    """Read the workspace's publishing settings."""


class UpdateSettingsRequest(RpcRequest, frozen=True, kw_only=True):
    require_approval: bool


class SettingsView(msgspec.Struct, frozen=True, kw_only=True):
    require_approval: bool
