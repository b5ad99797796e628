"""What a publish request hands to the provider, as a disclosure event (docs/decisions/0090).

It rides in the same fenced write that opens the attempt, before the provider is called: a
call that fails after its bytes left still counts, and a crash cannot lose the record.
"""

from __future__ import annotations

from datetime import datetime

from services.publisher.domain.inputs import MediaKind
from services.publisher.domain.publishing import PublishRequest
from services.publisher.domain.record import TargetRecord
from shared.contracts.disclosures import DataCategory, Disclosure, PublisherDataDisclosed

_MEDIA_CATEGORY: dict[MediaKind, DataCategory] = {
    MediaKind.VIDEO: "media_video",
    MediaKind.IMAGE: "media_image",
    MediaKind.GIF: "media_image",
}


def categories(request: PublishRequest) -> list[DataCategory]:
    """Every kind of workspace data the request carries; the account is always named."""
    found: set[DataCategory] = {"account_identifier"}
    title = request.tiktok.title if request.tiktok else None
    warning = request.mastodon.spoiler_text if request.mastodon else ""
    if request.text or title or warning:
        found.add("post_text")
    found.update(_MEDIA_CATEGORY[m.info.kind] for m in request.media)
    return sorted(found)


def disclosed(
    record: TargetRecord, request: PublishRequest, attempt: int, at: datetime
) -> PublisherDataDisclosed:
    """The event for send number `attempt` of `request` to the target's provider, at `at`."""
    return PublisherDataDisclosed(
        tenant_id=record.tenant_id,
        occurred_at=at,
        disclosure=Disclosure(
            provider=record.provider,
            connection_id=record.connection_id,
            categories=categories(request),
            post_id=record.post_id,
            target_id=record.id,
            media_ids=[m.info.id for m in request.media],
            attempt=attempt,
        ),
    )
