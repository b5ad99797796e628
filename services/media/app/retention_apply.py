"""Use cases fed by other services' events: the workspace's retention, and media sends."""

from __future__ import annotations

from typing import TypeVar

import msgspec

from services.media.domain.retention_window import RetentionWindow
from services.media.ports.publish_marks import PublishMarks
from services.media.ports.retention_copy import RetentionCopy
from shared.contracts.audit import RetentionChanged
from shared.contracts.disclosures import DisclosedEnvelope
from shared.store.values import epoch_ms


class UnreadableEvent(Exception):
    """The message is not the event this consumer reads; retrying cannot help."""


T = TypeVar("T")


def decode(body: bytes, kind: type[T]) -> T:
    try:
        return msgspec.json.decode(body, type=kind)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise UnreadableEvent(str(exc)) from exc


async def apply_retention_change(copy: RetentionCopy, event: RetentionChanged) -> bool:
    """Keep the workspace's new window unless a later change already arrived."""
    window = RetentionWindow(
        tenant_id=event.tenant_id,
        after_publish_days=event.settings.media_after_publish_days,
        changed_ms=epoch_ms(event.occurred_at),
    )
    return await copy.apply(window)


async def note_sent_media(marks: PublishMarks, event: DisclosedEnvelope) -> int:
    """Media that went to a provider is kept for the window counted from this send."""
    media_ids = event.disclosure.media_ids
    if not media_ids:
        return 0
    return await marks.mark(tenant_id=event.tenant_id, media_ids=media_ids, at=event.occurred_at)
