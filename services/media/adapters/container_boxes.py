"""Container-level truncation checks: every top-level box or segment must fit in the file."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from services.media.domain.content_types import WEBM
from services.media.domain.errors import ErrorCode, MediaError

_EBML_SEGMENT = 0x18538067


def check_complete(path: Path, content_type: str) -> None:
    """Raise `video_truncated` when the container announces more bytes than the file has."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        if content_type == WEBM:
            _check_webm(handle, size)
        else:
            _check_iso_boxes(handle, size)


def _check_iso_boxes(handle: BinaryIO, size: int) -> None:
    offset, seen = 0, set()
    while offset < size:
        handle.seek(offset)
        header = handle.read(16)
        if len(header) < 8:
            raise _truncated(f"a box header is cut at byte {offset}")
        length, kind = struct.unpack(">I4s", header[:8])
        if length == 1:
            if len(header) < 16:
                raise _truncated(f"a box header is cut at byte {offset}")
            length = struct.unpack(">Q", header[8:16])[0]
        elif length == 0:
            length = size - offset  # "to the end of the file"
        if length < 8 or offset + length > size:
            raise _truncated(f"box {kind!r} needs {length} bytes at {offset} of {size}")
        seen.add(kind)
        offset += length
    if b"moov" not in seen:
        raise _truncated("the movie header (moov) is missing")


def _check_webm(handle: BinaryIO, size: int) -> None:
    offset = 0
    for _ in range(2):  # the EBML header, then the Segment
        handle.seek(offset)
        data = handle.read(16)
        element_id, id_width = _vint(data, 0, keep_marker=True)
        length, size_width = _vint(data, id_width, keep_marker=False)
        body = offset + id_width + size_width
        if element_id == _EBML_SEGMENT:
            unknown = length == (1 << (7 * size_width)) - 1  # live streams leave it open
            if not unknown and body + length > size:
                raise _truncated(f"the segment needs {body + length} bytes of {size}")
            return
        offset = body + length
    raise _truncated("no WebM segment follows the header")


def _vint(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer: its value and its width in bytes."""
    if at >= len(data) or data[at] == 0:
        raise _truncated("the WebM header is cut or invalid")
    width = 9 - data[at].bit_length()
    if at + width > len(data):
        raise _truncated("the WebM header is cut")
    value = data[at] if keep_marker else data[at] & (0xFF >> width)
    for byte in data[at + 1 : at + width]:
        value = (value << 8) | byte
    return value, width


def _truncated(detail: str) -> MediaError:
    return MediaError(ErrorCode.VIDEO_TRUNCATED, detail)
