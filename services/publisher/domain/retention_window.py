"""How long drafts are kept, and which posts the retention job may remove."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

from services.publisher.domain.target_state import TargetState

# Audit's default for `drafts_days`, applied until a workspace changes it.
DEFAULT_DRAFTS_DAYS = 365
# A post with a target in one of these states is not a draft (it was, or will be, sent).
NOT_DRAFT = frozenset(
    {
        TargetState.SCHEDULED,
        TargetState.PUBLISHING,
        TargetState.UNCONFIRMED,
        TargetState.PUBLISHED,
        TargetState.FAILED,
    }
)


class DraftWindow(msgspec.Struct, frozen=True, kw_only=True):
    """The publisher's copy of a workspace's retention; `changed_ms` orders late redeliveries."""

    tenant_id: str
    drafts_days: int = DEFAULT_DRAFTS_DAYS
    changed_ms: int = 0

    def cutoff(self, now: datetime) -> datetime:
        """Drafts untouched since before this moment have outlived the window."""
        return now - timedelta(days=self.drafts_days)
