"""TikTok `GET /v2/user/info/` with per-field scope checks."""

from __future__ import annotations

from typing import Any

from litestar import Response, get

from sandbox.http import Req, endpoint
from sandbox.tiktok.replies import api_error, ok
from sandbox.tiktok.session import require_scope, require_token
from sandbox.tiktok.state import TikTokAccount

BASIC, PROFILE, STATS = "user.info.basic", "user.info.profile", "user.info.stats"
FIELD_SCOPES = {
    "open_id": BASIC,
    "union_id": BASIC,
    "avatar_url": BASIC,
    "avatar_url_100": BASIC,
    "avatar_large_url": BASIC,
    "display_name": BASIC,
    "bio_description": PROFILE,
    "profile_deep_link": PROFILE,
    "is_verified": PROFILE,
    "username": PROFILE,
    "follower_count": STATS,
    "following_count": STATS,
    "likes_count": STATS,
    "video_count": STATS,
}


def _value(account: TikTokAccount, name: str) -> Any:
    if name.startswith("avatar"):
        return account.avatar_url
    if name == "profile_deep_link":
        return f"https://sandbox.invalid/tiktok/@{account.username}"
    if name == "union_id":
        return account.union_id or f"u{account.open_id}"
    return getattr(account, name, 0)


@get("/v2/user/info/", opt=endpoint("tiktok", "user_info"))
async def user_info(request: Req) -> Response[Any]:
    """The fields asked for in `fields`, each needing its scope."""
    caller = require_token(request)
    names = [f.strip() for f in (request.query_params.get("fields") or "").split(",") if f]
    unknown = [n for n in names if n not in FIELD_SCOPES]
    if not names or unknown:
        raise api_error("invalid_params", f"fields is missing or has unknown names: {unknown}.")
    for name in names:
        require_scope(caller, FIELD_SCOPES[name])
    return ok({"user": {name: _value(caller.account, name) for name in names}})
