"""One status per post for the calendar, from its targets' states (the API keeps them apart)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

# Most in need of a person first: a post shows the first of these that any target is in.
ATTENTION_ORDER = (
    "failed",
    "unconfirmed",
    "rejected",
    "pending_approval",
    "publishing",
    "scheduled",
    "draft",
    "published",
    "cancelled",
)
SETTLED = frozenset({"published", "failed", "cancelled", "rejected", "draft"})
LABELS = {
    "failed": "Failed",
    "unconfirmed": "Unconfirmed",
    "rejected": "Rejected",
    "pending_approval": "Awaiting approval",
    "publishing": "Publishing",
    "scheduled": "Scheduled",
    "draft": "Draft",
    "published": "Published",
    "cancelled": "Cancelled",
}


def post_status(post: dict[str, Any]) -> str:
    states = {t["state"] for t in post.get("targets", [])}
    return next((s for s in ATTENTION_ORDER if s in states), "draft")


def settled(post: dict[str, Any]) -> bool:
    """Nothing will change without a person: the page stops polling."""
    for target in post.get("targets", []):
        parked = target["state"] == "unconfirmed" and not target.get("next_action_at")
        if target["state"] not in SETTLED and not parked:
            return False
    return True


def when_of(post: dict[str, Any]) -> datetime | None:
    """The instant the calendar places the post at: its schedule, else its first due time."""
    schedule = post.get("schedule")
    raw = schedule["at"] if schedule else None
    if raw is None:
        dues = [t["due_at"] for t in post.get("targets", []) if t.get("due_at")]
        raw = min(dues) if dues else None
    return datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")
