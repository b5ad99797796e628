"""Mastodon instance description and the signed-in account."""

from __future__ import annotations

from typing import Any

from litestar import Response, get

from sandbox.config import MastodonConfig
from sandbox.http import Req, endpoint, json_response, state_of
from sandbox.mastodon.render import account_json
from sandbox.mastodon.session import require_token

IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/avif")
VIDEO_TYPES = ("video/mp4", "video/webm", "video/quicktime", "video/ogg")
AUDIO_TYPES = ("audio/mpeg", "audio/ogg", "audio/wav", "audio/flac", "audio/mp4")


def configuration(cfg: MastodonConfig) -> dict[str, Any]:
    return {
        "urls": {"streaming": None},
        "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
        "statuses": {
            "max_characters": cfg.max_characters,
            "max_media_attachments": cfg.max_media_attachments,
            "characters_reserved_per_url": cfg.characters_reserved_per_url,
        },
        "media_attachments": {
            "supported_mime_types": [*IMAGE_TYPES, *VIDEO_TYPES, *AUDIO_TYPES],
            "description_limit": 1500,
            "image_size_limit": cfg.image_size_limit,
            "image_matrix_limit": 33_177_600,
            "video_size_limit": cfg.video_size_limit,
            "video_frame_rate_limit": 120,
            "video_matrix_limit": 8_294_400,
        },
        "polls": {
            "max_options": 4,
            "max_characters_per_option": 50,
            "min_expiration": 300,
            "max_expiration": 2_629_746,
        },
        "translation": {"enabled": False},
    }


@get("/api/v2/instance", opt=endpoint("mastodon", "instance"))
async def instance(request: Req) -> Response[Any]:
    """Public: limits the adapter must respect (`configuration.statuses.max_characters` …)."""
    cfg, host = state_of(request).config.mastodon, request.url.netloc
    return json_response(
        {
            "domain": host,
            "title": "Gamontj Mastodon sandbox",
            "version": "4.3.0",
            "source_url": "https://github.com/mastodon/mastodon",
            "description": "Local stand-in for a Mastodon instance.",
            "usage": {"users": {"active_month": 1}},
            "thumbnail": {"url": ""},
            "languages": ["en"],
            "configuration": configuration(cfg),
            "registrations": {"enabled": False, "approval_required": False, "message": None},
            "contact": {"email": "", "account": None},
            "rules": [],
        }
    )


@get("/api/v1/accounts/verify_credentials", opt=endpoint("mastodon", "verify_credentials"))
async def verify_credentials(request: Req) -> Response[Any]:
    """The account behind the token (scope read, read:accounts or profile)."""
    caller = require_token(request, "read:accounts", "profile")
    body = account_json(caller.account, str(request.base_url).rstrip("/"))
    body["source"] = {
        "privacy": "public",
        "sensitive": False,
        "language": None,
        "note": "",
        "fields": [],
    }
    return json_response(body)
