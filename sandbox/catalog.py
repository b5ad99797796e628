"""The endpoint names each provider's handlers report (for counters, faults and limits)."""

from __future__ import annotations

from sandbox.bluesky.routes import ENDPOINTS as BLUESKY
from sandbox.mastodon.routes import ENDPOINTS as MASTODON
from sandbox.tiktok.routes import ENDPOINTS as TIKTOK

ENDPOINTS: dict[str, tuple[str, ...]] = {
    "tiktok": TIKTOK,
    "mastodon": MASTODON,
    "bluesky": BLUESKY,
}
