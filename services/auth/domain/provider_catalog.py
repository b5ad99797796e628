"""What each provider supports, as the catalogue (`GET /v1/providers`) shows it."""

from __future__ import annotations

import msgspec


class ProviderFacts(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    display_name: str
    connect_flow: str
    media_kinds: tuple[str, ...]
    text_limit: int
    text_unit: str
    max_media: int
    asynchronous_publishing: bool
    notes: str = ""


CATALOG: tuple[ProviderFacts, ...] = (
    ProviderFacts(
        name="tiktok",
        display_name="TikTok",
        connect_flow="authorization_code",
        media_kinds=("video", "image"),
        text_limit=2200,
        text_unit="utf16_code_units",
        max_media=35,
        asynchronous_publishing=True,
        notes="Without the video.publish scope posts go to the creator's inbox as drafts.",
    ),
    ProviderFacts(
        name="mastodon",
        display_name="Mastodon",
        connect_flow="authorization_code",
        media_kinds=("image", "video", "gif"),
        text_limit=500,
        text_unit="characters (instance limit; a link counts 23)",
        max_media=4,
        asynchronous_publishing=False,
    ),
    ProviderFacts(
        name="bluesky",
        display_name="Bluesky",
        connect_flow="app_password",
        media_kinds=("image",),
        text_limit=300,
        text_unit="graphemes (and at most 3000 UTF-8 bytes)",
        max_media=4,
        asynchronous_publishing=False,
        notes="Connect with an app password created in Bluesky's settings, never the main one.",
    ),
)
