"""Retention: how long each kind of workspace data is kept, within bounds the operator sets."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

# (minimum, maximum) days per setting: the trail must outlive disputes, logs must not linger.
BOUNDS = {
    "audit_trail_days": (30, 3650),
    "ops_log_days": (1, 365),
    "media_after_publish_days": (1, 3650),
    "drafts_days": (1, 3650),
}


class RetentionSettings(msgspec.Struct, frozen=True, kw_only=True):
    audit_trail_days: int = 730
    ops_log_days: int = 90
    media_after_publish_days: int = 90
    drafts_days: int = 365


DEFAULTS = RetentionSettings()


def violations(settings: RetentionSettings) -> list[dict[str, object]]:
    """Every out-of-bounds field at once, each with a stable code."""
    found: list[dict[str, object]] = []
    for field, (low, high) in BOUNDS.items():
        value = getattr(settings, field)
        if not low <= value <= high:
            found.append(
                {"field": field, "code": "retention_out_of_bounds", "min": low, "max": high}
            )
    return found


def cutoff(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)
