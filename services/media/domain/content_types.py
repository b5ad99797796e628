"""Accepted content types and their detection from magic bytes (never from the client's word)."""

from __future__ import annotations

from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import MediaKind

JPEG, PNG, WEBP, GIF = "image/jpeg", "image/png", "image/webp", "image/gif"
MP4, QUICKTIME, WEBM = "video/mp4", "video/quicktime", "video/webm"
KIND_BY_TYPE: dict[str, MediaKind] = {
    JPEG: MediaKind.IMAGE,
    PNG: MediaKind.IMAGE,
    WEBP: MediaKind.IMAGE,
    GIF: MediaKind.IMAGE,
    MP4: MediaKind.VIDEO,
    QUICKTIME: MediaKind.VIDEO,
    WEBM: MediaKind.VIDEO,
}
EXTENSION_BY_TYPE = {
    JPEG: ".jpg", PNG: ".png", WEBP: ".webp", GIF: ".gif",
    MP4: ".mp4", QUICKTIME: ".mov", WEBM: ".webm",
}  # fmt: skip
# Enough of the head of a file for every signature below (WebM's DocType sits in the header).
SNIFF_BYTES = 64
# ISO BMFF brands of plain MP4; HEIF/AVIF images share the `ftyp` box and must not pass as video.
_MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42",
    b"avc1", b"M4V ", b"M4VP", b"dash", b"mmp4", b"MSNV", b"f4v ",
}  # fmt: skip
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
# An MP4 and a QuickTime file are the same container family; clients often mislabel one as
# the other, and the detected type is what we record and serve.
_EQUIVALENT = {frozenset({MP4, QUICKTIME})}


def declared_kind(content_type: str) -> MediaKind:
    """The kind a declared type stands for; anything off the list (HTML, SVG, …) is refused."""
    kind = KIND_BY_TYPE.get(normalise(content_type))
    if kind is None:
        raise MediaError(ErrorCode.TYPE_NOT_ALLOWED, f"{content_type!r} is not an accepted type")
    return kind


def normalise(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def sniff(head: bytes) -> str | None:
    """The content type the bytes themselves announce, or None when none of ours matches."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return QUICKTIME
        return MP4 if brand in _MP4_BRANDS else None
    if head[4:8] in _QUICKTIME_ATOMS:
        return QUICKTIME
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:SNIFF_BYTES]:
        return WEBM
    return None


def check_detected(head: bytes, *, declared: str | None) -> str:
    """The detected type, which must match the declared one when there is one."""
    detected = sniff(head)
    if detected is None:
        raise MediaError(ErrorCode.TYPE_MISMATCH, "the content is not an accepted image or video")
    if declared is not None and not _compatible(normalise(declared), detected):
        raise MediaError(
            ErrorCode.TYPE_MISMATCH, f"declared {declared}, but the content is {detected}"
        )
    return detected


def _compatible(declared: str, detected: str) -> bool:
    return declared == detected or frozenset({declared, detected}) in _EQUIVALENT
