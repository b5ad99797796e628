"""Test media made on the fly (no binary fixtures): images with Pillow, videos with PyAV."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import av
from PIL import Image


def png(width: int = 8, height: int = 6) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def image(fmt: str, width: int = 16, height: int = 12) -> bytes:
    out = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new(mode, (width, height)).save(out, format=fmt)
    return out.getvalue()


def pixel_flood_png(width: int = 40_000, height: int = 40_000) -> bytes:
    """A tiny file whose header claims a huge image (the IHDR is rewritten, CRC fixed)."""
    data = bytearray(png(1, 1))
    ihdr_at = 8  # after the signature: length (4), "IHDR" (4), body (13), CRC (4)
    body = bytearray(data[ihdr_at + 8 : ihdr_at + 8 + 13])
    body[0:8] = struct.pack(">II", width, height)
    data[ihdr_at + 8 : ihdr_at + 8 + 13] = body
    crc = zlib.crc32(b"IHDR" + bytes(body)) & 0xFFFFFFFF
    data[ihdr_at + 21 : ihdr_at + 25] = struct.pack(">I", crc)
    return bytes(data)


def video(
    folder: Path,
    *,
    codec: str = "libx264",
    container: str = "mp4",
    frames: int = 10,
    size: int = 64,
    faststart: bool = False,
) -> bytes:
    """A tiny real video: `size`x`size`, `frames` frames at 10 fps."""
    path = folder / f"sample-{codec}-{frames}-{faststart}.{container}"
    options = {"movflags": "faststart"} if faststart else {}
    with av.open(str(path), "w", format=container, options=options) as output:
        stream = output.add_stream(codec, rate=10)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height, stream.pix_fmt = size, size, "yuv420p"
        for index in range(frames):
            frame = av.VideoFrame(size, size, "yuv420p")
            for plane in frame.planes:
                plane.update(bytes((index * 37 + i) % 256 for i in range(plane.buffer_size)))
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    return path.read_bytes()


HTML_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_IMAGE = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b'<rect width="10" height="10"/></svg>'
)
