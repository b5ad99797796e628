"""TikTok posting helpers for the sandbox tests: init bodies, chunked PUTs, status polls."""

from __future__ import annotations

from typing import Any

import httpx

from tests.sandbox.support import bearer

INIT = "/tiktok/v2/post/publish/video/init/"
INBOX_INIT = "/tiktok/v2/post/publish/inbox/video/init/"
STATUS = "/tiktok/v2/post/publish/status/fetch/"
CREATOR = "/tiktok/v2/post/publish/creator_info/query/"
POST_INFO = {
    "title": "Hello #sandbox",
    "privacy_level": "SELF_ONLY",
    "disable_duet": False,
    "disable_comment": False,
    "disable_stitch": False,
}


def file_source(size: int, chunk: int) -> dict[str, Any]:
    return {
        "source": "FILE_UPLOAD",
        "video_size": size,
        "chunk_size": chunk,
        "total_chunk_count": max(size // chunk, 1),
    }


async def upload(http: httpx.AsyncClient, url: str, data: bytes, chunk: int) -> list[int]:
    """PUT every chunk the way TikTok's media transfer guide says; answer the status codes."""
    count, codes = max(len(data) // chunk, 1), []
    for index in range(count):
        first = index * chunk
        last = len(data) - 1 if index == count - 1 else first + chunk - 1
        response = await http.put(
            url,
            content=data[first : last + 1],
            headers={
                "Content-Type": "video/mp4",
                "Content-Range": f"bytes {first}-{last}/{len(data)}",
            },
        )
        codes.append(response.status_code)
    return codes


async def status(http: httpx.AsyncClient, token: str, publish_id: str) -> dict[str, Any]:
    response = await http.post(STATUS, json={"publish_id": publish_id}, headers=bearer(token))
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data
