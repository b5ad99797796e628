"""Bluesky's rules: 300 graphemes and 3000 UTF-8 bytes of text, up to 4 images of ≤ 1 MB."""

from __future__ import annotations

from services.publisher.domain.graphemes import grapheme_count
from services.publisher.domain.inputs import MediaKind
from services.publisher.domain.text_metrics import utf8_bytes
from services.publisher.domain.validation import Findings, TargetCheck

MAX_GRAPHEMES = 300
MAX_BYTES = 3000
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 1_000_000


def check_bluesky(check: TargetCheck, findings: Findings) -> None:
    graphemes = grapheme_count(check.text)
    if graphemes > MAX_GRAPHEMES:
        findings.add(
            check,
            "bluesky_text_too_long",
            f"{graphemes} characters; Bluesky allows {MAX_GRAPHEMES}",
            "text",
        )
    size = utf8_bytes(check.text)
    if size > MAX_BYTES:
        findings.add(
            check,
            "bluesky_text_too_many_bytes",
            f"{size} bytes; Bluesky allows {MAX_BYTES}",
            "text",
        )
    if any(m.kind is not MediaKind.IMAGE for m in check.media):
        findings.add(check, "bluesky_media_kind", "Bluesky posts take images only", "media")
    if len(check.media) > MAX_IMAGES:
        findings.add(
            check, "bluesky_too_many_media", f"Bluesky takes at most {MAX_IMAGES} images", "media"
        )
    for item in check.media:
        if item.size_bytes > MAX_IMAGE_BYTES:
            findings.add(
                check,
                "bluesky_image_too_large",
                f"image {item.id} is {item.size_bytes} bytes; Bluesky allows {MAX_IMAGE_BYTES}",
                "media",
            )
