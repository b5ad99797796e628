"""Provider capabilities (static) and per-account limits (asked of the provider at run time)."""

from __future__ import annotations

import msgspec

from services.publisher.domain.inputs import MediaKind


class Capabilities(msgspec.Struct, frozen=True, kw_only=True):
    """What a provider accepts in general, as listed in the provider catalogue."""

    provider: str
    media_kinds: tuple[MediaKind, ...]
    max_media: int
    asynchronous: bool = False  # the post is final only after status polling
    status_poll_interval_s: float = 0.0  # the provider's status rate limit, as a minimum gap
    reconcilable_without_handle: bool = False  # idempotency key / deterministic record key


class TikTokCreator(msgspec.Struct, frozen=True, kw_only=True):
    """TikTok's creator_info: what this creator may post right now."""

    privacy_level_options: tuple[str, ...]
    max_video_post_duration_sec: int = 600
    comment_disabled: bool = False
    duet_disabled: bool = False
    stitch_disabled: bool = False
    username: str = ""


class MastodonInstance(msgspec.Struct, frozen=True, kw_only=True):
    """Limits of the instance a Mastodon connection lives on."""

    max_characters: int = 500
    max_media_attachments: int = 4
    characters_reserved_per_url: int = 23
    image_size_limit: int = 16 * 1024 * 1024
    video_size_limit: int = 99 * 1024 * 1024


class AccountLimits(msgspec.Struct, frozen=True, kw_only=True):
    """Per-account limits; each provider fills its own part."""

    tiktok: TikTokCreator | None = None
    mastodon: MastodonInstance | None = None
