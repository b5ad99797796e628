"""Measuring images with Pillow, with the pixel limit checked before anything is decoded."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from services.media.domain.content_types import GIF, JPEG, PNG, WEBP
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import ProbeResult

_PIL_FORMAT = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", GIF: "GIF"}
# JPEG is validated by decoding at 1/8 scale: the whole entropy-coded stream is read, but
# the pixel buffer stays 64 times smaller than the image.
_JPEG_SCALE = 8
_READ_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


def probe_image(path: Path, *, content_type: str, max_pixels: int) -> ProbeResult:
    """Width and height; a pixel flood, a truncated or a foreign file is refused."""
    pil_format = _PIL_FORMAT[content_type]
    try:
        with warnings.catch_warnings():
            # Our own limit decides; Pillow's warning (and its 2x error) are only a backstop.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=[pil_format]) as image:
                width, height = image.size
                _check_pixels(width, height, max_pixels)
                _validate(image, pil_format)
    except Image.DecompressionBombError as exc:
        raise MediaError(ErrorCode.TOO_MANY_PIXELS, str(exc)) from exc
    except _READ_ERRORS as exc:
        raise MediaError(ErrorCode.UNREADABLE, f"not a readable {pil_format} image") from exc
    return ProbeResult(format=pil_format.lower(), width=width, height=height)


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width <= 0 or height <= 0:
        raise MediaError(ErrorCode.UNREADABLE, "the image has no pixels")
    if width * height > max_pixels:
        raise MediaError(
            ErrorCode.TOO_MANY_PIXELS,
            f"{width}x{height} exceeds the limit of {max_pixels} pixels",
        )


def _validate(image: Image.Image, pil_format: str) -> None:
    if pil_format == "JPEG":
        width, height = image.size
        image.draft("RGB", (max(1, width // _JPEG_SCALE), max(1, height // _JPEG_SCALE)))
        image.load()
    else:
        # PNG: every chunk's CRC up to IEND (a truncated file fails); GIF/WebP: the headers.
        image.verify()
