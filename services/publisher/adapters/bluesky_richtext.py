"""Bluesky record pieces computed locally: the deterministic rkey and rich-text facets."""

from __future__ import annotations

import hashlib
import re
from typing import Any

TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"

# Trailing punctuation is almost never part of a link in prose.
_LINK = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""
_TAG = re.compile(r"(?:^|(?<=\s))#([^\s#\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2]+)")


def rkey_for(key: str) -> str:
    """A valid TID derived from the publication key: same key, same record key.

    The first 8 bytes of sha256(key) with the top bit cleared, in base32-sortable, 13 chars.
    """
    value = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") & ((1 << 63) - 1)
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def _span(text: str, start: int, end: int) -> dict[str, int]:
    """Character offsets to the UTF-8 byte offsets facets use."""
    before = len(text[:start].encode())
    return {"byteStart": before, "byteEnd": before + len(text[start:end].encode())}


def _facet(text: str, start: int, end: int, feature: dict[str, str]) -> dict[str, Any]:
    return {"index": _span(text, start, end), "features": [feature]}


def facets_for(text: str) -> list[dict[str, Any]]:
    """Link and hashtag facets (byte offsets); mentions stay plain text (see decision 0060)."""
    found: list[dict[str, Any]] = []
    links: list[tuple[int, int]] = []
    for match in _LINK.finditer(text):
        uri = match.group(0).rstrip(_TRAILING)
        if len(uri) <= len("https://"):
            continue
        start, end = match.start(), match.start() + len(uri)
        links.append((start, end))
        found.append(
            _facet(text, start, end, {"$type": "app.bsky.richtext.facet#link", "uri": uri})
        )
    for match in _TAG.finditer(text):
        tag = match.group(1).rstrip(_TRAILING)
        start = match.start(1) - 1  # include the '#'
        end = start + 1 + len(tag)
        if not tag or tag.isdigit() or len(tag) > 64 or any(s <= start < e for s, e in links):
            continue
        found.append(_facet(text, start, end, {"$type": "app.bsky.richtext.facet#tag", "tag": tag}))
    found.sort(key=lambda f: int(f["index"]["byteStart"]))
    return found
