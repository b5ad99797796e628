"""Probing: image size with a pixel limit, video duration/codec/fps/size, truncation found."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.media.adapters.pillow_pyav_prober import PillowPyAvProber
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import MediaKind, ProbeResult
from tests.media import samples

LIMIT = 4_000_000


async def _probe(tmp_path: Path, data: bytes, kind: MediaKind, content_type: str) -> ProbeResult:
    path = tmp_path / "probe.bin"
    path.write_bytes(data)
    return await PillowPyAvProber(max_pixels=LIMIT).probe(
        path, kind=kind, content_type=content_type
    )


async def _refusal(tmp_path: Path, data: bytes, kind: MediaKind, content_type: str) -> MediaError:
    with pytest.raises(MediaError) as caught:
        await _probe(tmp_path, data, kind, content_type)
    return caught.value


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
async def test_images_are_measured(tmp_path: Path, fmt: str, content_type: str) -> None:
    found = await _probe(tmp_path, samples.image(fmt, 40, 30), MediaKind.IMAGE, content_type)
    assert (found.width, found.height, found.format) == (40, 30, fmt.lower())


async def test_a_pixel_flood_is_refused_from_the_header_alone(tmp_path: Path) -> None:
    bomb = samples.pixel_flood_png(40_000, 40_000)
    assert len(bomb) < 200
    error = await _refusal(tmp_path, bomb, MediaKind.IMAGE, "image/png")
    assert error.code is ErrorCode.TOO_MANY_PIXELS


@pytest.mark.parametrize(("fmt", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
async def test_a_truncated_image_is_unreadable(tmp_path: Path, fmt: str, content_type: str) -> None:
    data = samples.image(fmt, 64, 64)
    error = await _refusal(tmp_path, data[: len(data) // 2], MediaKind.IMAGE, content_type)
    assert error.code is ErrorCode.UNREADABLE


@pytest.mark.parametrize(
    ("codec", "container", "content_type", "expected_codec"),
    [
        ("libx264", "mp4", "video/mp4", "h264"),
        ("mpeg4", "mp4", "video/mp4", "mpeg4"),
        ("libx264", "mov", "video/quicktime", "h264"),
        ("libvpx", "webm", "video/webm", "vp8"),
    ],
)
async def test_videos_are_measured(
    tmp_path: Path, codec: str, container: str, content_type: str, expected_codec: str
) -> None:
    data = samples.video(tmp_path, codec=codec, container=container)
    found = await _probe(tmp_path, data, MediaKind.VIDEO, content_type)
    assert (found.width, found.height, found.codec) == (64, 64, expected_codec)
    assert found.fps == 10.0 and found.duration_s == pytest.approx(1.0, abs=0.1)


@pytest.mark.parametrize(
    ("codec", "container", "content_type", "faststart"),
    [
        ("libx264", "mp4", "video/mp4", False),
        ("libx264", "mp4", "video/mp4", True),
        ("mpeg4", "mp4", "video/mp4", True),
        ("libvpx", "webm", "video/webm", False),
    ],
    ids=["moov-last", "moov-first", "mpeg4-moov-first", "webm"],
)
@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
async def test_a_truncated_video_is_refused(
    tmp_path: Path, codec: str, container: str, content_type: str, faststart: bool, keep: float
) -> None:
    data = samples.video(tmp_path, codec=codec, container=container, faststart=faststart)
    cut = data[: int(len(data) * keep)]
    error = await _refusal(tmp_path, cut, MediaKind.VIDEO, content_type)
    assert error.code is ErrorCode.VIDEO_TRUNCATED, error.detail


async def test_video_frames_above_the_pixel_limit_are_refused(tmp_path: Path) -> None:
    data = samples.video(tmp_path, codec="mpeg4", frames=2, size=64)
    path = tmp_path / "v.mp4"
    path.write_bytes(data)
    prober = PillowPyAvProber(max_pixels=64 * 63)
    with pytest.raises(MediaError) as caught:
        await prober.probe(path, kind=MediaKind.VIDEO, content_type="video/mp4")
    assert caught.value.code is ErrorCode.TOO_MANY_PIXELS
