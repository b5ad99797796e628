"""`rpc.publisher.account_limits`: what one connected account may post, asked of its provider.

The answer never carries a token. When the provider (or auth) cannot be asked, `publishing`
is None and `unavailable` says why: readers show that instead of guessing limits.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from shared.contracts.publisher import SERVICE
from shared.contracts.rpc import RpcRequest, rpc_subject

ACCOUNT_LIMITS = rpc_subject(SERVICE, "account_limits")


class AccountLimitsRequest(RpcRequest, frozen=True, kw_only=True):
    """`ctx.tenant_id` scopes the connection: another workspace's id answers 404."""

    connection_id: str


class TikTokPublishing(msgspec.Struct, frozen=True, kw_only=True):
    """From TikTok's creator_info (direct post), or the inbox mode when only upload is granted.

    In inbox mode TikTok answers no creator_info: the creator sets privacy in the app, so
    `privacy_level_options` is empty and `max_video_post_duration_sec` None.
    """

    mode: Literal["direct", "inbox"] | None  # None: neither posting scope was granted
    privacy_level_options: list[str] = msgspec.field(default_factory=list)
    max_video_post_duration_sec: int | None = None
    comment_disabled: bool = False
    duet_disabled: bool = False
    stitch_disabled: bool = False


class MastodonPublishing(msgspec.Struct, frozen=True, kw_only=True):
    """From the instance's `/api/v2/instance` configuration."""

    max_characters: int
    max_media_attachments: int
    characters_reserved_per_url: int
    image_size_limit: int
    video_size_limit: int


class AccountPublishing(msgspec.Struct, frozen=True, kw_only=True):
    """The provider's part is filled for TikTok and Mastodon; Bluesky's limits are global."""

    provider: str
    tiktok: TikTokPublishing | None = None
    mastodon: MastodonPublishing | None = None


class PublishingUnavailable(msgspec.Struct, frozen=True, kw_only=True):
    """Why the limits are not known right now (a stable code, and words for people)."""

    code: str
    message: str


class AccountLimitsReply(msgspec.Struct, frozen=True, kw_only=True):
    connection_id: str
    publishing: AccountPublishing | None = None
    unavailable: PublishingUnavailable | None = None
