"""A post: shared content, the targets (connections) it goes to, their overrides, approval."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Literal

import msgspec

from services.publisher.domain.errors import NotFound
from services.publisher.domain.schedule import Schedule

TikTokMode = Literal["direct", "inbox"]
MastodonVisibility = Literal["public", "unlisted", "private", "direct"]


class TikTokOptions(msgspec.Struct, frozen=True, kw_only=True):
    """TikTok post settings; `mode` None means direct when `video.publish` was granted."""

    privacy_level: str | None = None
    disable_comment: bool = False
    disable_duet: bool = False
    disable_stitch: bool = False
    mode: TikTokMode | None = None
    title: str | None = None  # photo posts: a short title beside the description


class MastodonOptions(msgspec.Struct, frozen=True, kw_only=True):
    visibility: MastodonVisibility = "public"
    spoiler_text: str = ""  # the content warning shown before the text
    sensitive: bool = False
    language: str | None = None


class TargetSpec(msgspec.Struct, frozen=True, kw_only=True):
    """Where one copy of the post goes and how it differs from the shared content."""

    id: str
    connection_id: str
    provider: str
    text: str | None = None  # replaces the post's text for this target only
    tiktok: TikTokOptions | None = None
    mastodon: MastodonOptions | None = None


class Approval(enum.StrEnum):
    NONE = "none"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Post(msgspec.Struct, frozen=True, kw_only=True):
    """The aggregate a person edits; per-target progress lives in TargetRecord."""

    id: str
    tenant_id: str
    author: str
    text: str = ""
    media: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    targets: tuple[TargetSpec, ...] = ()
    revision: int = 1  # content revision: part of every publication key
    version: int = 1  # optimistic concurrency: every stored change increments it
    approval: Approval = Approval.NONE
    approval_note: str = ""
    reviewed_by: str = ""
    schedule: Schedule | None = None
    created_at: datetime
    updated_at: datetime
    publishing_started: bool = False  # from then on the content is frozen
    deleted: bool = False

    def target(self, target_id: str) -> TargetSpec:
        for spec in self.targets:
            if spec.id == target_id:
                return spec
        raise NotFound(f"post {self.id} has no target {target_id}", code="target_not_found")

    def text_for(self, spec: TargetSpec) -> str:
        return self.text if spec.text is None else spec.text


class PostChanges(msgspec.Struct, frozen=True, kw_only=True):
    """An edit; fields left as None keep their value."""

    text: str | None = None
    media: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    targets: tuple[TargetSpec, ...] | None = None


def apply_changes(post: Post, changes: PostChanges, *, now: datetime) -> Post:
    """The next revision of `post`; an edit withdraws any approval it had (content changed)."""
    return msgspec.structs.replace(
        post,
        text=post.text if changes.text is None else changes.text,
        media=post.media if changes.media is None else changes.media,
        tags=post.tags if changes.tags is None else changes.tags,
        targets=post.targets if changes.targets is None else changes.targets,
        revision=post.revision + 1,
        approval=Approval.NONE,
        approval_note="",
        reviewed_by="",
        updated_at=now,
        publishing_started=False,  # edits are refused while any target has started
    )


def publication_key(post_id: str, target_id: str, revision: int) -> str:
    """The deterministic key of one publication: providers see it as an idempotency key."""
    return f"{post_id}.{target_id}.r{revision}"
