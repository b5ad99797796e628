"""Mastodon media: upload (200 ready or 202 processing) and `GET /api/v1/media/{id}`."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.datastructures import UploadFile

from sandbox.config import MastodonConfig
from sandbox.http import Req, endpoint, json_response, read_form, state_of
from sandbox.mastodon.instance import AUDIO_TYPES, IMAGE_TYPES, VIDEO_TYPES
from sandbox.mastodon.render import media_json
from sandbox.mastodon.replies import error, unprocessable
from sandbox.mastodon.session import require_token
from sandbox.mastodon.state import Media

MAX_BODY = 256 * 1_048_576


def _kind(mime: str) -> str | None:
    if mime == "image/gif":
        return "gifv"
    for kind, types in (("image", IMAGE_TYPES), ("video", VIDEO_TYPES), ("audio", AUDIO_TYPES)):
        if mime in types:
            return kind
    return None


def _is_async(cfg: MastodonConfig, kind: str) -> bool:
    if cfg.media_mode == "by_type":
        return kind != "image"
    return cfg.media_mode == "async"


@post("/api/v2/media", opt=endpoint("mastodon", "media_upload"), request_max_body_size=MAX_BODY)
async def upload_media(request: Req) -> Response[Any]:
    """Multipart upload; images are ready at once by default, video and audio process first."""
    caller = require_token(request, "write:media")
    st, form = state_of(request), await read_form(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise unprocessable("Validation failed: File can't be blank")
    data, mime = await upload.read(), upload.content_type.split(";")[0].strip().lower()
    kind, cfg = _kind(mime), st.config.mastodon
    if kind is None:
        raise unprocessable("Validation failed: File content type is invalid")
    limit = cfg.image_size_limit if kind == "image" else cfg.video_size_limit
    if len(data) > limit:
        raise unprocessable(f"Validation failed: File file size must be less than {limit} bytes")
    processing = _is_async(cfg, kind)
    description, focus = form.get("description"), form.get("focus")
    media = Media(
        id=st.mastodon.next_id(),
        account_id=caller.account.id,
        type=kind,
        mime=mime,
        size=len(data),
        description=description if isinstance(description, str) else None,
        focus=focus if isinstance(focus, str) else None,
        ready=not processing,
        polls_left=cfg.media_polls_until_ready if processing else 0,
    )
    st.mastodon.media[media.id] = media
    base = str(request.base_url).rstrip("/")
    return json_response(media_json(media, base), 202 if processing else 200)


@get("/api/v1/media/{media_id:str}", opt=endpoint("mastodon", "media_get"))
async def get_media(request: Req) -> Response[Any]:
    """206 with `url: null` while processing, 200 once ready."""
    media_id = request.path_params["media_id"]
    caller = require_token(request, "write:media")
    media = state_of(request).mastodon.media.get(media_id)
    if media is None or media.account_id != caller.account.id:
        raise error(404, "Record not found")
    if not media.ready:
        if media.polls_left > 0:
            media.polls_left -= 1
        else:
            media.ready = True
    base = str(request.base_url).rstrip("/")
    return json_response(media_json(media, base), 200 if media.ready else 206)
