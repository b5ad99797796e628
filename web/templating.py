"""Jinja filters the templates share (dates in the viewer's zone, sizes, durations)."""

from __future__ import annotations

from datetime import datetime

from litestar.plugins.jinja import JinjaTemplateEngine


def register_filters(engine: JinjaTemplateEngine) -> None:
    engine.engine.filters["when"] = when
    engine.engine.filters["bytes"] = human_bytes
    engine.engine.filters["provider"] = provider_name


PROVIDER_NAMES = {"tiktok": "TikTok", "mastodon": "Mastodon", "bluesky": "Bluesky"}


def provider_name(name: str) -> str:
    return PROVIDER_NAMES.get(name, name.capitalize())


def when(raw: str | None) -> str:
    """An API timestamp as `2026-11-29 09:41 UTC` (readable, zone always said)."""
    if not raw:
        return "—"
    try:
        instant = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return raw
    return instant.strftime("%Y-%m-%d %H:%M:%S %Z").strip()


def human_bytes(size: int | None) -> str:
    if size is None:
        return "—"
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
