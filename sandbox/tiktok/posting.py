"""TikTok Content Posting API: creator info, video (direct and inbox) and photo init."""

from __future__ import annotations

from typing import Any

from litestar import Response, post

from sandbox.http import Req, endpoint, state_of
from sandbox.tiktok.publishes import check_can_post, open_publish, publish_answer
from sandbox.tiktok.replies import api_error, ok
from sandbox.tiktok.rules import check_photo_source, check_post_info, check_video_source
from sandbox.tiktok.session import json_body, require_scope, require_token


@post("/v2/post/publish/creator_info/query/", opt=endpoint("tiktok", "creator_info"))
async def creator_info(request: Req) -> Response[Any]:
    """What the creator allows: privacy options, interaction switches, max duration."""
    account = require_token(request, "video.publish").account
    return ok(
        {
            "creator_avatar_url": account.avatar_url,
            "creator_username": account.username,
            "creator_nickname": account.display_name,
            "privacy_level_options": account.privacy_options(),
            "comment_disabled": account.comment_disabled,
            "duet_disabled": account.duet_disabled,
            "stitch_disabled": account.stitch_disabled,
            "max_video_post_duration_sec": account.max_video_post_duration_sec,
        }
    )


@post("/v2/post/publish/video/init/", opt=endpoint("tiktok", "video_init"))
async def video_init(request: Req) -> Response[Any]:
    """Direct post of a video (scope video.publish)."""
    caller = require_token(request, "video.publish")
    st, body = state_of(request), await json_body(request, "invalid_param")
    post_info = body.get("post_info")
    check_post_info(post_info, caller, title_max=2200, direct=True)
    source = check_video_source(body.get("source_info"), st.config.tiktok)
    check_can_post(st, caller, "direct")
    pub = open_publish(
        st,
        caller,
        endpoint="video_init",
        mode="direct",
        media="VIDEO",
        source=source,
        post_info=dict(post_info or {}),
    )
    return ok(publish_answer(pub, str(request.base_url)))


@post("/v2/post/publish/inbox/video/init/", opt=endpoint("tiktok", "inbox_video_init"))
async def inbox_video_init(request: Req) -> Response[Any]:
    """Upload a video to the creator's inbox as a draft (scope video.upload)."""
    caller = require_token(request, "video.upload")
    st, body = state_of(request), await json_body(request, "invalid_param")
    source = check_video_source(body.get("source_info"), st.config.tiktok)
    check_can_post(st, caller, "inbox")
    pub = open_publish(
        st,
        caller,
        endpoint="inbox_video_init",
        mode="inbox",
        media="VIDEO",
        source=source,
        post_info={},
    )
    return ok(publish_answer(pub, str(request.base_url)))


@post("/v2/post/publish/content/init/", opt=endpoint("tiktok", "content_init"))
async def content_init(request: Req) -> Response[Any]:
    """Photo post pulled from URLs: DIRECT_POST (video.publish) or MEDIA_UPLOAD (video.upload)."""
    caller = require_token(request)
    st, body = state_of(request), await json_body(request, "invalid_param")
    post_mode = body.get("post_mode")
    if body.get("media_type") != "PHOTO" or post_mode not in ("DIRECT_POST", "MEDIA_UPLOAD"):
        raise api_error("invalid_param", "media_type must be PHOTO and post_mode valid.")
    direct = post_mode == "DIRECT_POST"
    require_scope(caller, "video.publish" if direct else "video.upload")
    post_info = body.get("post_info") or {}
    check_post_info(post_info, caller, title_max=90, direct=direct)
    description = post_info.get("description", "")
    if not isinstance(description, str) or len(description) > 4000:
        raise api_error("invalid_param", "description must be at most 4000 characters.")
    images = check_photo_source(body.get("source_info"), st.config.tiktok)
    mode = "direct" if direct else "inbox"
    check_can_post(st, caller, mode)
    source = {**body["source_info"], "photo_images": images}
    pub = open_publish(
        st,
        caller,
        endpoint="content_init",
        mode=mode,
        media="PHOTO",
        source=source,
        post_info=dict(post_info),
    )
    return ok(publish_answer(pub, str(request.base_url)))
