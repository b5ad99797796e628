"""How long media is kept after it was last sent to a provider (the workspace's setting)."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

# Audit's default for `media_after_publish_days`, applied until a workspace changes it.
DEFAULT_AFTER_PUBLISH_DAYS = 90


class RetentionWindow(msgspec.Struct, frozen=True, kw_only=True):
    """Media's copy of a workspace's retention; `changed_ms` orders late redeliveries."""

    tenant_id: str
    after_publish_days: int = DEFAULT_AFTER_PUBLISH_DAYS
    changed_ms: int = 0

    def cutoff(self, now: datetime) -> datetime:
        """Media last published before this moment has outlived the window."""
        return now - timedelta(days=self.after_publish_days)
