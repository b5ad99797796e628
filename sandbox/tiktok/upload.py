"""TikTok media transfer: `PUT {upload_url}` chunks with strict Content-Range rules."""

from __future__ import annotations

import re
from typing import Any

from litestar import Response, put
from litestar.datastructures import MultiDict

from sandbox.http import Req, endpoint, state_of
from sandbox.state import SandboxState
from sandbox.tiktok.replies import api_error, ok
from sandbox.tiktok.rules import MAX_LAST_CHUNK, MIB, VIDEO_TYPES
from sandbox.tiktok.state import Publish

RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def _target(st: SandboxState, query: MultiDict[str]) -> Publish:
    publish_id = st.tiktok.uploads.get(query.get("upload_id") or "")
    pub = st.tiktok.publishes.get(publish_id or "")
    if pub is None or pub.upload_token != query.get("upload_token"):
        raise api_error("invalid_params", "Unknown upload_id or upload_token.", 404)
    if pub.upload_expires_at <= st.clock.now():
        raise api_error("invalid_file_upload", "The upload_url has expired.")
    return pub


def _content_range(header: str | None) -> tuple[int, int, int]:
    match = RANGE.match(header or "")
    if match is None:
        raise api_error("invalid_file_upload", "Content-Range must be 'bytes first-last/total'.")
    first, last, total = (int(g) for g in match.groups())
    return first, last, total


def _chunk_problem(pub: Publish, first: int, last: int, total: int, length: int) -> str | None:
    if pub.upload_complete:
        return "The upload is already complete."
    if total != pub.video_size:
        return f"The total in Content-Range must be video_size ({pub.video_size})."
    if first != pub.received_bytes:
        return f"Chunks must be uploaded in order; the next chunk starts at {pub.received_bytes}."
    is_last = pub.chunks_done == pub.total_chunk_count - 1
    expected_last = pub.video_size - 1 if is_last else first + pub.chunk_size - 1
    if last != expected_last:
        return f"Chunk {pub.chunks_done + 1} must end at byte {expected_last}."
    if length != last - first + 1:
        return "The body length does not match Content-Range."
    return None


def _progress(pub: Publish) -> Response[Any]:
    return ok({}, 201 if pub.upload_complete else 206)


@put("/video/", opt=endpoint("tiktok", "upload"), request_max_body_size=MAX_LAST_CHUNK + MIB)
async def upload_chunk(request: Req) -> Response[Any]:
    """206 while more chunks are expected, 201 once the file is complete."""
    pub = _target(state_of(request), request.query_params)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in VIDEO_TYPES:
        raise api_error(
            "invalid_file_upload", "Content-Type must be video/mp4, video/quicktime or video/webm."
        )
    first, last, total = _content_range(request.headers.get("content-range"))
    body = await request.body()
    if pub.last_range == (first, last) and len(body) == last - first + 1:
        return _progress(pub)  # a client retrying the chunk it could not confirm
    problem = _chunk_problem(pub, first, last, total, len(body))
    if problem is not None:
        raise api_error("invalid_file_upload", problem)
    pub.digest.update(body)
    pub.received_bytes += len(body)
    pub.chunks_done += 1
    pub.last_range = (first, last)
    return _progress(pub)
