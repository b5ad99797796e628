"""Validation of `createRecord` input and of `app.bsky.feed.post` records."""

from __future__ import annotations

import re
from typing import Any

from sandbox.bluesky.ids import is_nsid, is_record_key, is_tid
from sandbox.bluesky.replies import invalid_request
from sandbox.bluesky.state import BlueskyState
from sandbox.config import BlueskyConfig
from sandbox.text import grapheme_count

POST = "app.bsky.feed.post"
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def check_target(collection: Any, rkey: Any, validate: bool) -> None:
    """The collection must be an NSID; a post's rkey, when given, must be a TID."""
    if not isinstance(collection, str) or not is_nsid(collection):
        raise invalid_request("Input/collection must be a valid NSID")
    if rkey is None:
        return
    if not isinstance(rkey, str) or not is_record_key(rkey):
        raise invalid_request("Input/rkey must be a valid Record Key")
    if validate and collection == POST and not is_tid(rkey):
        raise invalid_request(f"Invalid {POST} record: Record/rkey must be a valid TID")


def _fail(problem: str) -> None:
    raise invalid_request(f"Invalid {POST} record: {problem}")


def check_post(record: dict[str, Any], cfg: BlueskyConfig, bs: BlueskyState, did: str) -> None:
    """Text within 300 graphemes and 3000 bytes, a datetime, known blobs in image embeds."""
    text = record.get("text")
    if not isinstance(text, str):
        _fail('Record must have the property "text"')
        return
    if len(text.encode()) > cfg.max_bytes:
        _fail(f"Record/text must not be longer than {cfg.max_bytes} characters")
    if grapheme_count(text) > cfg.max_graphemes:
        _fail(f"Record/text must not be longer than {cfg.max_graphemes} graphemes")
    created = record.get("createdAt")
    if not isinstance(created, str) or not DATETIME.match(created):
        _fail("Record/createdAt must be an valid atproto datetime (both RFC-3339 and ISO-8601)")
    langs = record.get("langs", [])
    if not isinstance(langs, list) or len(langs) > 3:
        _fail("Record/langs must not have more than 3 elements")
    _check_embed(record.get("embed"), cfg, bs, did)


def _check_embed(embed: Any, cfg: BlueskyConfig, bs: BlueskyState, did: str) -> None:
    if not isinstance(embed, dict) or embed.get("$type") != "app.bsky.embed.images":
        return
    images = embed.get("images")
    if not isinstance(images, list) or len(images) > cfg.max_images:
        _fail(f"Record/embed/images must not have more than {cfg.max_images} elements")
        return
    for image in images:
        blob = image.get("image") if isinstance(image, dict) else None
        link = blob.get("ref", {}).get("$link") if isinstance(blob, dict) else None
        stored = bs.blobs.get(str(link))
        if stored is None or stored.did != did:
            raise invalid_request(f"Could not find blob: {link}", "BlobNotFound")
