"""Mastodon's rules: the instance's character limit (URLs weigh 23), attachments, sizes."""

from __future__ import annotations

from services.publisher.domain.inputs import MediaKind
from services.publisher.domain.limits import MastodonInstance
from services.publisher.domain.post import MastodonOptions
from services.publisher.domain.text_metrics import mastodon_length
from services.publisher.domain.validation import Findings, TargetCheck


def check_mastodon(check: TargetCheck, findings: Findings) -> None:
    instance = check.limits.mastodon or MastodonInstance()
    options = check.spec.mastodon or MastodonOptions()
    # Mastodon counts the content warning against the same limit as the text.
    length = mastodon_length(check.text) + mastodon_length(options.spoiler_text)
    if length > instance.max_characters:
        findings.add(
            check,
            "mastodon_text_too_long",
            f"{length} characters (URLs count 23, content warning included); "
            f"this instance allows {instance.max_characters}",
            "text",
        )
    media = check.media
    if len(media) > instance.max_media_attachments:
        findings.add(
            check,
            "mastodon_too_many_media",
            f"{len(media)} attachments; this instance allows {instance.max_media_attachments}",
            "media",
        )
    moving = [m for m in media if m.kind is not MediaKind.IMAGE]
    if moving and len(media) > 1:
        findings.add(check, "mastodon_mixed_media", "a video or GIF must be the only attachment")
    for item in media:
        limit = (
            instance.image_size_limit if item.kind is MediaKind.IMAGE else instance.video_size_limit
        )
        if item.size_bytes > limit:
            findings.add(
                check,
                "mastodon_media_too_large",
                f"media {item.id} is {item.size_bytes} bytes; this instance allows {limit}",
                "media",
            )
