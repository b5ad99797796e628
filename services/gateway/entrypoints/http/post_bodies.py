"""Request bodies of the posts API (the RPC requests add the verified context)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from shared.contracts.publisher_rpc import ScheduleInput, TargetInput

Text = Annotated[str, msgspec.Meta(max_length=20_000)]
# List items stay plain strings: the OpenAPI generator does not carry item constraints through
# optional lists, and an unknown id is answered 404 by the owning service anyway.
Id = str
Tag = str


class NewPost(msgspec.Struct, frozen=True, kw_only=True):
    text: Text = ""
    media: Annotated[list[Id], msgspec.Meta(max_length=35)] = msgspec.field(default_factory=list)
    tags: Annotated[list[Tag], msgspec.Meta(max_length=30)] = msgspec.field(default_factory=list)
    targets: Annotated[list[TargetInput], msgspec.Meta(max_length=20)] = msgspec.field(
        default_factory=list
    )


class PostChanges(msgspec.Struct, frozen=True, kw_only=True):
    """Only the fields sent change; `version` (the one read) refuses a lost update with 409."""

    version: int | None = None
    text: Text | None = None
    media: Annotated[list[Id], msgspec.Meta(max_length=35)] | None = None
    tags: Annotated[list[Tag], msgspec.Meta(max_length=30)] | None = None
    targets: Annotated[list[TargetInput], msgspec.Meta(max_length=20)] | None = None


class PublishNow(msgspec.Struct, frozen=True, kw_only=True):
    timezone: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] = "UTC"


class Cancel(msgspec.Struct, frozen=True, kw_only=True):
    target_ids: Annotated[list[Id], msgspec.Meta(max_length=20)] = msgspec.field(
        default_factory=list
    )
    reason: Annotated[str, msgspec.Meta(max_length=500)] = ""


class Submit(msgspec.Struct, frozen=True, kw_only=True):
    schedule: ScheduleInput | None = None


class Review(msgspec.Struct, frozen=True, kw_only=True):
    note: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class Rejection(msgspec.Struct, frozen=True, kw_only=True):
    note: Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]


class PublishingSettings(msgspec.Struct, frozen=True, kw_only=True):
    require_approval: bool
