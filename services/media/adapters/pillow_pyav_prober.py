"""Prober: Pillow for images, PyAV for videos, each run in a thread (CPU and file I/O)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import av.logging
from PIL import Image

from services.media.adapters.pillow_image_probe import probe_image
from services.media.adapters.pyav_video_probe import probe_video
from services.media.domain.media import MediaKind, ProbeResult


class PillowPyAvProber:
    """At most `concurrency` files are probed at once, whatever the number of workers."""

    def __init__(self, *, max_pixels: int, concurrency: int = 2) -> None:
        self._max_pixels = max_pixels
        self._slots = asyncio.Semaphore(concurrency)
        # Pillow's own bomb check becomes a backstop at our limit (it errors at twice that).
        Image.MAX_IMAGE_PIXELS = max_pixels
        # FFmpeg would print every complaint about a broken upload to stderr.
        av.logging.set_libav_level(av.logging.PANIC)

    async def probe(self, path: Path, *, kind: MediaKind, content_type: str) -> ProbeResult:
        measure = probe_image if kind is MediaKind.IMAGE else probe_video
        async with self._slots:
            return await asyncio.to_thread(
                measure, path, content_type=content_type, max_pixels=self._max_pixels
            )
