"""TikTok Content Posting validation: chunk plans, post_info and source_info."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sandbox.config import TikTokConfig
from sandbox.tiktok.replies import api_error
from sandbox.tiktok.session import Caller

MB = 1_000_000  # TikTok's sizes are decimal (its worked example uses 10,000,000-byte chunks)
MIB = 1_048_576
MIN_CHUNK = 5 * MB
MAX_CHUNK = 64 * MIB
MAX_LAST_CHUNK = 128 * MIB
MAX_VIDEO = 4 * 1024 * MIB
MAX_CHUNKS = 1000
MAX_PHOTOS = 35
VIDEO_TYPES = frozenset({"video/mp4", "video/quicktime", "video/webm"})


def _positive_int(value: Any) -> bool:
    return type(value) is int and value > 0


def chunk_plan_problem(size: Any, chunk: Any, count: Any) -> str | None:
    """Why (video_size, chunk_size, total_chunk_count) breaks the transfer rules, if it does."""
    if not (_positive_int(size) and _positive_int(chunk) and _positive_int(count)):
        return "video_size, chunk_size and total_chunk_count must be positive integers."
    if size > MAX_VIDEO:
        return "video_size exceeds 4 GB."
    if size < MIN_CHUNK:
        if chunk == size and count == 1:
            return None
        return "Files under 5 MB must be one chunk with chunk_size equal to video_size."
    if not MIN_CHUNK <= chunk <= MAX_CHUNK:
        return "chunk_size must be between 5 MB and 64 MB."
    if count != size // chunk:
        return f"total_chunk_count must be floor(video_size / chunk_size) = {size // chunk}."
    if count > MAX_CHUNKS:
        return "At most 1000 chunks are allowed."
    if size - chunk * (count - 1) > MAX_LAST_CHUNK:
        return "The last chunk may not exceed 128 MB."
    return None


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_post_info(info: Any, caller: Caller, *, title_max: int, direct: bool) -> None:
    """Title length, privacy level against creator_info, and the unaudited-client rule."""
    if not isinstance(info, dict):
        raise api_error("invalid_param", "post_info must be an object.")
    title = info.get("title", "")
    if not isinstance(title, str) or utf16_len(title) > title_max:
        raise api_error("invalid_param", f"title must be a string of at most {title_max} units.")
    if not direct:
        return
    privacy = info.get("privacy_level")
    if privacy not in caller.account.privacy_options():
        raise api_error(
            "privacy_level_option_mismatch",
            "privacy_level is not one of the creator's privacy_level_options.",
        )
    if not caller.client.audited and privacy != "SELF_ONLY":
        raise api_error(
            "unaudited_client_can_only_post_to_private_accounts",
            "Unaudited clients may only post with SELF_ONLY visibility.",
        )


def check_pull_url(url: Any, cfg: TikTokConfig) -> None:
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise api_error("invalid_param", "The media URL must be an http(s) URL.")
    prefixes = cfg.verified_url_prefixes
    if prefixes is not None and not any(url.startswith(p) for p in prefixes):
        raise api_error("url_ownership_unverified", "The URL's domain is not verified.")


def check_video_source(source: Any, cfg: TikTokConfig) -> dict[str, Any]:
    """source_info for a video: FILE_UPLOAD with a valid chunk plan, or PULL_FROM_URL."""
    if not isinstance(source, dict):
        raise api_error("invalid_param", "source_info must be an object.")
    if source.get("source") == "PULL_FROM_URL":
        check_pull_url(source.get("video_url"), cfg)
        return source
    if source.get("source") != "FILE_UPLOAD":
        raise api_error("invalid_param", "source must be FILE_UPLOAD or PULL_FROM_URL.")
    problem = chunk_plan_problem(
        source.get("video_size"), source.get("chunk_size"), source.get("total_chunk_count")
    )
    if problem:
        raise api_error("invalid_file_upload", problem)
    return source


def check_photo_source(source: Any, cfg: TikTokConfig) -> list[str]:
    """source_info for photos: PULL_FROM_URL with 1 to 35 image URLs and a valid cover index."""
    if not isinstance(source, dict) or source.get("source") != "PULL_FROM_URL":
        raise api_error("invalid_param", "Photo posts need source PULL_FROM_URL.")
    images = source.get("photo_images")
    if not isinstance(images, list) or not 1 <= len(images) <= MAX_PHOTOS:
        raise api_error("invalid_param", f"photo_images must hold 1 to {MAX_PHOTOS} URLs.")
    for url in images:
        check_pull_url(url, cfg)
    cover = source.get("photo_cover_index", 0)
    if type(cover) is not int or not 0 <= cover < len(images):
        raise api_error("invalid_param", "photo_cover_index is out of range.")
    return [str(u) for u in images]
