"""The TikTok router: every TikTok endpoint under `/tiktok`."""

from __future__ import annotations

from litestar import Router

from sandbox.tiktok.oauth import authorize, revoke, token
from sandbox.tiktok.posting import content_init, creator_info, inbox_video_init, video_init
from sandbox.tiktok.status import status_fetch
from sandbox.tiktok.upload import upload_chunk
from sandbox.tiktok.user import user_info

ENDPOINTS = (
    "authorize",
    "token",
    "revoke",
    "user_info",
    "creator_info",
    "video_init",
    "inbox_video_init",
    "content_init",
    "upload",
    "status_fetch",
)


def tiktok_router() -> Router:
    return Router(
        path="/tiktok",
        route_handlers=[
            authorize,
            token,
            revoke,
            user_info,
            creator_info,
            video_init,
            inbox_video_init,
            content_init,
            upload_chunk,
            status_fetch,
        ],
    )
