"""Measuring videos with PyAV (FFmpeg): duration, codec, fps, size, and truncation checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av

from services.media.adapters.container_boxes import check_complete
from services.media.domain.content_types import WEBM
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import ProbeResult

# The demuxer is fixed by the detected type, so FFmpeg never guesses a format (no playlists
# that fetch URLs) and reads local files only.
_DEMUXER = {WEBM: "matroska"}
_OPTIONS = {"protocol_whitelist": "file"}
# Packets may end this much before the announced duration without counting as missing.
_DURATION_SLACK_S = 0.5


def probe_video(path: Path, *, content_type: str, max_pixels: int) -> ProbeResult:
    """Duration, codec, fps and size; a truncated or undecodable video is refused."""
    check_complete(path, content_type)
    try:
        with av.open(str(path), format=_DEMUXER.get(content_type, "mov"), options=_OPTIONS) as c:
            return _measure(c, max_pixels)
    except MediaError:
        raise
    except (av.FFmpegError, OSError, ValueError, IndexError) as exc:
        raise MediaError(ErrorCode.UNREADABLE, "the video cannot be demuxed") from exc


def _measure(container: Any, max_pixels: int) -> ProbeResult:
    if not container.streams.video:
        raise MediaError(ErrorCode.UNREADABLE, "the file holds no video stream")
    stream = container.streams.video[0]
    width, height = int(stream.codec_context.width), int(stream.codec_context.height)
    if width <= 0 or height <= 0:
        raise MediaError(ErrorCode.UNREADABLE, "the video has no frame size")
    if width * height > max_pixels:
        raise MediaError(ErrorCode.TOO_MANY_PIXELS, f"{width}x{height} frames are too large")
    duration = container.duration / 1_000_000 if container.duration else None
    rate = stream.average_rate or stream.guessed_rate
    _check_packets(container, stream, duration)
    return ProbeResult(
        format=str(container.format.name).split(",")[0],
        width=width,
        height=height,
        duration_s=None if duration is None else round(duration, 3),
        codec=str(stream.codec_context.name),
        fps=None if not rate else round(float(rate), 3),
    )


def _check_packets(container: Any, stream: Any, duration: float | None) -> None:
    """Every packet is read (not decoded, except until one frame decodes)."""
    packets, end_s, decoded = 0, 0.0, False
    for packet in container.demux(stream):
        if packet.size == 0:
            continue
        packets += 1
        if packet.pts is not None and packet.time_base is not None:
            length = packet.duration or 0
            end_s = max(end_s, float((packet.pts + length) * packet.time_base))
        if not decoded:
            decoded = bool(packet.decode())
    if not decoded:
        raise MediaError(ErrorCode.UNREADABLE, "no frame of the video decodes")
    if stream.frames and packets < stream.frames:
        raise MediaError(
            ErrorCode.VIDEO_TRUNCATED, f"{packets} of {stream.frames} frames are present"
        )
    start = float(stream.start_time * stream.time_base) if stream.start_time else 0.0
    if duration is not None and end_s - start < duration - _DURATION_SLACK_S:
        raise MediaError(
            ErrorCode.VIDEO_TRUNCATED, f"frames end at {end_s:.2f}s of {duration:.2f}s"
        )
