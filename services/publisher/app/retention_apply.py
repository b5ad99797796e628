"""Use case: a workspace changed its retention; the publisher keeps its drafts window."""

from __future__ import annotations

from services.publisher.domain.retention_window import DraftWindow
from services.publisher.ports.retention_copy import RetentionCopy
from shared.contracts.audit import RetentionChanged
from shared.store.values import epoch_ms


async def apply_retention_change(copy: RetentionCopy, event: RetentionChanged) -> bool:
    """Keep the new window unless a later change already arrived."""
    window = DraftWindow(
        tenant_id=event.tenant_id,
        drafts_days=event.settings.drafts_days,
        changed_ms=epoch_ms(event.occurred_at),
    )
    return await copy.apply(window)
