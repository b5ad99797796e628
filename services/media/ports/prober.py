"""Port: measuring an image or a video and refusing what is unsafe or broken."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from services.media.domain.media import MediaKind, ProbeResult


class Prober(Protocol):
    """Raises `MediaError` (too many pixels, unreadable, truncated) for unacceptable files."""

    async def probe(self, path: Path, *, kind: MediaKind, content_type: str) -> ProbeResult: ...
