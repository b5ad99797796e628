"""TikTok publish status: progression to a final status, as configured or scripted."""

from __future__ import annotations

from typing import Any

from litestar import Response, post

from sandbox.http import Req, endpoint, state_of
from sandbox.tiktok.replies import api_error, ok
from sandbox.tiktok.session import json_body, require_token
from sandbox.tiktok.state import Publish


def advance(pub: Publish) -> dict[str, Any]:
    """The status this poll sees; polls after the upload count toward the final status."""
    data: dict[str, Any] = {"publicaly_available_post_id": []}
    if pub.source == "FILE_UPLOAD":
        data["uploaded_bytes"] = pub.received_bytes
    else:
        data["downloaded_bytes"] = 0
    processing = "PROCESSING_UPLOAD" if pub.source == "FILE_UPLOAD" else "PROCESSING_DOWNLOAD"
    if not pub.upload_complete:
        return {**data, "status": processing}
    if pub.polls_seen < pub.polls_until_final:
        pub.polls_seen += 1
        return {**data, "status": processing}
    if pub.fail_reason:
        return {**data, "status": "FAILED", "fail_reason": pub.fail_reason}
    if pub.mode == "inbox":
        return {**data, "status": "SEND_TO_USER_INBOX"}
    pub.complete_polls += 1
    if not pub.private and pub.complete_polls > pub.moderation_polls:
        data["publicaly_available_post_id"] = [pub.post_id]
    return {**data, "status": "PUBLISH_COMPLETE"}


@post("/v2/post/publish/status/fetch/", opt=endpoint("tiktok", "status_fetch"))
async def status_fetch(request: Req) -> Response[Any]:
    """Status of one of the caller's publish_ids."""
    caller = require_token(request, "video.publish", "video.upload")
    body = await json_body(request)
    pub = state_of(request).tiktok.publishes.get(str(body.get("publish_id")))
    if pub is None or pub.open_id != caller.account.open_id:
        raise api_error("invalid_params", "publish_id is unknown for this user.")
    data = advance(pub)
    pub.ledger.status = data["status"]
    return ok(data)
