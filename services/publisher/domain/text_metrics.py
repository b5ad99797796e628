"""How each provider measures text: UTF-16 units (TikTok), graphemes and bytes (Bluesky),
graphemes with URLs weighing 23 and remote mentions counted without their domain (Mastodon)."""

from __future__ import annotations

import re

from services.publisher.domain.graphemes import grapheme_count

MASTODON_URL_WEIGHT = 23

# Mastodon counts any http(s) URL as 23 characters, whatever its length.
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
# `@user@instance.example` counts as `@user` (the domain part is free).
_REMOTE_MENTION = re.compile(r"(?<![\w@])(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+[A-Za-z0-9]", re.ASCII)


def utf16_units(text: str) -> int:
    """Length in UTF-16 code units: characters beyond the BMP count twice."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def mastodon_length(text: str) -> int:
    """The length Mastodon's status validator computes for `text`."""
    urls = len(_URL.findall(text))
    rest = _URL.sub("", text)
    rest = _REMOTE_MENTION.sub(r"\1", rest)
    return grapheme_count(rest) + urls * MASTODON_URL_WEIGHT
