"""Tunable behaviour of each provider stand-in; every field can be patched over the control API."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from sandbox.ratelimit import RateLimit

Limits = dict[str, list[RateLimit]]


def _per_minute(n: int) -> list[RateLimit]:
    return [RateLimit(limit=n, window_s=60)]


def _tiktok_limits() -> Limits:
    return {
        "creator_info": _per_minute(20),
        "video_init": _per_minute(6),
        "inbox_video_init": _per_minute(6),
        "content_init": _per_minute(6),
        "status_fetch": _per_minute(30),
        "user_info": _per_minute(600),
    }


class TikTokConfig(msgspec.Struct, kw_only=True):
    """TikTok: token lifetimes, publishing outcome and the documented per-token limits."""

    access_expires_in: int = 86_400
    refresh_expires_in: int = 31_536_000
    rotate_refresh_tokens: bool = True
    code_ttl_s: int = 300
    upload_url_ttl_s: int = 3_600
    polls_until_final: int = 0
    fail_reason: str | None = None
    moderation_polls: int = 0
    max_pending_inbox: int | None = 5
    verified_url_prefixes: list[str] | None = None
    rate_limits: Limits = msgspec.field(default_factory=_tiktok_limits)


def _mastodon_limits() -> Limits:
    return {
        "*": [RateLimit(limit=300, window_s=300)],
        "media_upload": [RateLimit(limit=30, window_s=1800)],
    }


class MastodonConfig(msgspec.Struct, kw_only=True):
    """Mastodon: instance limits, media processing mode and idempotency window."""

    max_characters: int = 500
    max_media_attachments: int = 4
    characters_reserved_per_url: int = 23
    image_size_limit: int = 16_777_216
    video_size_limit: int = 103_809_024
    media_mode: Literal["by_type", "sync", "async"] = "by_type"
    media_polls_until_ready: int = 1
    idempotency_ttl_s: int = 3_600
    rate_limits: Limits = msgspec.field(default_factory=_mastodon_limits)


def _bluesky_limits() -> Limits:
    return {
        "createSession": [
            RateLimit(limit=30, window_s=300),
            RateLimit(limit=300, window_s=86_400),
        ]
    }


class BlueskyConfig(msgspec.Struct, kw_only=True):
    """Bluesky: session lifetimes, record limits, blob size, createSession limits."""

    access_ttl_s: int = 7_200
    refresh_ttl_s: int = 7_776_000
    max_graphemes: int = 300
    max_bytes: int = 3_000
    max_images: int = 4
    blob_max_bytes: int = 5_000_000
    rate_limits: Limits = msgspec.field(default_factory=_bluesky_limits)


class SandboxConfig(msgspec.Struct, kw_only=True):
    """All provider settings plus the global rate-limit switch (benchmarks turn it off)."""

    rate_limits_enabled: bool = True
    tiktok: TikTokConfig = msgspec.field(default_factory=TikTokConfig)
    mastodon: MastodonConfig = msgspec.field(default_factory=MastodonConfig)
    bluesky: BlueskyConfig = msgspec.field(default_factory=BlueskyConfig)

    def limits_for(self, provider: str) -> Limits:
        if not self.rate_limits_enabled:
            return {}
        provider_config: TikTokConfig | MastodonConfig | BlueskyConfig = getattr(self, provider)
        return provider_config.rate_limits


def _merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def patched(config: SandboxConfig, patch: dict[str, Any]) -> SandboxConfig:
    """A new config with `patch` merged in recursively (objects merge, other values replace)."""
    return msgspec.convert(_merge(msgspec.to_builtins(config), patch), SandboxConfig, strict=True)


def copy_config(config: SandboxConfig) -> SandboxConfig:
    """A deep copy, so in-process edits never leak into the defaults a reset restores."""
    return msgspec.convert(msgspec.to_builtins(config), SandboxConfig)
