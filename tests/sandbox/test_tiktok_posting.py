"""TikTok Content Posting stand-in: creator info, init, chunked upload, status progression."""

from __future__ import annotations

import hashlib

import httpx

from sandbox.runner import RunningSandbox
from sandbox.tiktok.rules import chunk_plan_problem
from tests.sandbox.support import bearer, tiktok_login
from tests.sandbox.tiktok_support import (
    CREATOR,
    INBOX_INIT,
    INIT,
    POST_INFO,
    file_source,
    status,
    upload,
)


def test_the_documented_worked_example_is_a_valid_chunk_plan() -> None:
    assert chunk_plan_problem(50_000_123, 10_000_000, 5) is None
    assert chunk_plan_problem(50_000_123, 10_000_000, 6) is not None
    assert chunk_plan_problem(3_000_000, 3_000_000, 1) is None
    assert chunk_plan_problem(3_000_000, 1_000_000, 3) is not None
    assert chunk_plan_problem(11_000_000, 4_000_000, 2) is not None


async def test_a_direct_post_goes_from_creator_info_to_publish_complete(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    token = (await tiktok_login(http))["access_token"]
    creator = (await http.post(CREATOR, headers=bearer(token))).json()["data"]
    assert "SELF_ONLY" in creator["privacy_level_options"]
    assert creator["max_video_post_duration_sec"] == 600
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(300_000)
    init = await http.post(
        INIT,
        headers=bearer(token),
        json={"post_info": POST_INFO, "source_info": file_source(len(video), len(video))},
    )
    data = init.json()["data"]
    assert init.status_code == 200 and data["publish_id"].startswith("v_pub_file~")
    assert (await status(http, token, data["publish_id"]))["status"] == "PROCESSING_UPLOAD"
    assert await upload(http, data["upload_url"], video, len(video)) == [201]
    final = await status(http, token, data["publish_id"])
    assert final["status"] == "PUBLISH_COMPLETE"
    assert final["publicaly_available_post_id"] == []  # SELF_ONLY posts never become public
    assert [p.key for p in sb.state.counters.posts_for("tiktok")] == [data["publish_id"]]


async def test_an_eleven_megabyte_file_uploads_in_two_chunks_in_order(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    await http.post("/_sandbox/config", json={"tiktok": {"polls_until_final": 2}})
    token = (await tiktok_login(http))["access_token"]
    video = bytes(range(256)) * 43_000  # 11,008,000 bytes: 5,000,000 + 6,008,000
    public = {**POST_INFO, "privacy_level": "PUBLIC_TO_EVERYONE"}
    init = await http.post(
        INIT,
        headers=bearer(token),
        json={"post_info": public, "source_info": file_source(len(video), 5_000_000)},
    )
    publish_id, url = init.json()["data"]["publish_id"], init.json()["data"]["upload_url"]

    out_of_order = await http.put(
        url,
        content=video[5_000_000:],
        headers={
            "Content-Type": "video/mp4",
            "Content-Range": f"bytes 5000000-11007999/{len(video)}",
        },
    )
    assert out_of_order.status_code == 400
    assert out_of_order.json()["error"]["code"] == "invalid_file_upload"

    assert await upload(http, url, video, 5_000_000) == [206, 201]
    polls = [(await status(http, token, publish_id))["status"] for _ in range(3)]
    assert polls == ["PROCESSING_UPLOAD", "PROCESSING_UPLOAD", "PUBLISH_COMPLETE"]
    last = await status(http, token, publish_id)
    assert len(last["publicaly_available_post_id"]) == 1
    assert last["uploaded_bytes"] == len(video)
    assert sb.state.tiktok.publishes[publish_id].digest.hexdigest() == (
        hashlib.sha256(video).hexdigest()
    )


async def test_a_wrong_chunk_plan_is_refused_at_init(http: httpx.AsyncClient) -> None:
    token = (await tiktok_login(http))["access_token"]
    response = await http.post(
        INIT,
        headers=bearer(token),
        json={
            "post_info": POST_INFO,
            "source_info": {
                "source": "FILE_UPLOAD",
                "video_size": 11_000_000,
                "chunk_size": 5_000_000,
                "total_chunk_count": 3,
            },
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_file_upload"


async def test_inbox_uploads_end_in_the_creators_inbox(http: httpx.AsyncClient) -> None:
    token = (await tiktok_login(http, "user.info.basic,video.upload"))["access_token"]
    video = bytes(1000)
    init = await http.post(
        INBOX_INIT, headers=bearer(token), json={"source_info": file_source(len(video), len(video))}
    )
    data = init.json()["data"]
    assert data["publish_id"].startswith("v_inbox_file~")
    await upload(http, data["upload_url"], video, len(video))
    assert (await status(http, token, data["publish_id"]))["status"] == "SEND_TO_USER_INBOX"
