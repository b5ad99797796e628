"""Display names of media: checked, never used as a storage path, served as an attachment name."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from services.media.domain.errors import ErrorCode, MediaError

MAX_FILENAME_BYTES = 255
# Control, format (bidi overrides that disguise an extension), surrogate, private-use, and
# line/paragraph separators: none belongs in a name shown to people or put in a header.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def check_filename(name: str) -> str:
    """The name in NFC form; path separators, traversal and control characters are refused."""
    normal = unicodedata.normalize("NFC", name)
    if not normal.strip():
        raise MediaError(ErrorCode.INVALID_FILENAME, "the filename is empty")
    if "/" in normal or "\\" in normal:
        raise MediaError(ErrorCode.INVALID_FILENAME, "the filename contains a path separator")
    if normal.startswith(".") or normal != normal.strip():
        raise MediaError(ErrorCode.INVALID_FILENAME, "the filename starts with a dot or space")
    if any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in normal):
        raise MediaError(ErrorCode.INVALID_FILENAME, "the filename contains control characters")
    if len(normal.encode()) > MAX_FILENAME_BYTES:
        raise MediaError(ErrorCode.INVALID_FILENAME, f"the filename exceeds {MAX_FILENAME_BYTES}")
    return normal


def filename_or(candidate: str, fallback: str) -> str:
    """A checked name, or the fallback when the candidate (e.g. from a URL) is not acceptable."""
    try:
        return check_filename(candidate)
    except MediaError:
        return fallback


def content_disposition(filename: str) -> str:
    """RFC 6266 `attachment` with an ASCII fallback and the exact UTF-8 name in `filename*`."""
    ascii_name = "".join(
        ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\;%' else "_" for ch in filename
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
