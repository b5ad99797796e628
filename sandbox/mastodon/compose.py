"""Mastodon status validation: length (URLs count 23), visibility, media attachments."""

from __future__ import annotations

import re
from typing import Any

from sandbox.config import MastodonConfig
from sandbox.mastodon.replies import unprocessable
from sandbox.mastodon.state import MastodonState, Media
from sandbox.text import grapheme_count

URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
MENTION = re.compile(r"(@[A-Za-z0-9_]+)@[A-Za-z0-9.\-]+[A-Za-z0-9]")
VISIBILITIES = frozenset({"public", "unlisted", "private", "direct"})
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")


def countable_length(text: str, url_weight: int) -> int:
    """Graphemes, with each URL counting `url_weight` and remote mentions only their username."""
    text = URL.sub("x" * url_weight, text)
    return grapheme_count(MENTION.sub(r"\1", text))


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "on", "yes")
    return bool(value)


def check_text(fields: dict[str, Any], cfg: MastodonConfig, has_media: bool) -> None:
    text, spoiler = str(fields.get("status") or ""), str(fields.get("spoiler_text") or "")
    if not text.strip() and not has_media:
        raise unprocessable("Validation failed: Text can't be blank")
    used = countable_length(text, cfg.characters_reserved_per_url) + grapheme_count(spoiler)
    if used > cfg.max_characters:
        raise unprocessable(
            f"Validation failed: Text character limit of {cfg.max_characters} exceeded"
        )
    if fields.get("visibility", "public") not in VISIBILITIES:
        raise unprocessable("Validation failed: Visibility is not included in the list")
    language = fields.get("language")
    if language and not LANGUAGE.match(str(language)):
        raise unprocessable("Validation failed: Language is not a valid language code")
    if fields.get("scheduled_at") or fields.get("poll"):
        raise unprocessable("Validation failed: scheduled_at and poll are not simulated")


def attachable_media(
    fields: dict[str, Any], st: MastodonState, cfg: MastodonConfig, account_id: str
) -> list[Media]:
    """The caller's unattached, processed media named in `media_ids`."""
    raw = fields.get("media_ids") or []
    ids = [str(i) for i in (raw if isinstance(raw, list) else [raw])]
    if len(ids) > cfg.max_media_attachments:
        raise unprocessable(
            f"Validation failed: Cannot attach more than {cfg.max_media_attachments} files"
        )
    found = [st.media.get(i) for i in ids]
    media = [m for m in found if m and m.account_id == account_id and m.status_id is None]
    if len(media) != len(ids):
        raise unprocessable("Validation failed: Media attachments not found")
    if any(not m.ready for m in media):
        raise unprocessable(
            "Cannot attach files that have not finished processing. Try again in a moment!"
        )
    return media
