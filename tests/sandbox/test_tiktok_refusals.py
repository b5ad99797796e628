"""TikTok Content Posting stand-in: refusals, rate limits, scripted failures, photos."""

from __future__ import annotations

import httpx

from sandbox.runner import RunningSandbox
from tests.sandbox.support import bearer, tiktok_login
from tests.sandbox.tiktok_support import CREATOR, INIT, POST_INFO, file_source, status


async def test_direct_posting_without_video_publish_is_scope_not_authorized(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    token = (await tiktok_login(http, "user.info.basic,video.upload"))["access_token"]
    response = await http.post(
        INIT,
        headers=bearer(token),
        json={"post_info": POST_INFO, "source_info": file_source(1000, 1000)},
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "scope_not_authorized"
    assert sb.state.counters.posts_for("tiktok") == []


async def test_a_privacy_level_the_creator_lacks_is_refused(http: httpx.AsyncClient) -> None:
    token = (await tiktok_login(http))["access_token"]
    response = await http.post(
        INIT,
        headers=bearer(token),
        json={
            "post_info": {**POST_INFO, "privacy_level": "FOLLOWER_OF_CREATOR"},
            "source_info": file_source(1000, 1000),
        },
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "privacy_level_option_mismatch"


async def test_init_is_limited_to_six_per_minute_per_token(http: httpx.AsyncClient) -> None:
    token = (await tiktok_login(http))["access_token"]
    body = {"post_info": POST_INFO, "source_info": file_source(1000, 1000)}
    codes = [
        (await http.post(INIT, headers=bearer(token), json=body)).status_code for _ in range(7)
    ]
    assert codes == [200] * 6 + [429]
    refused = await http.post(INIT, headers=bearer(token), json=body)
    assert refused.json()["error"]["code"] == "rate_limit_exceeded"
    await http.post("/_sandbox/clock", json={"advance_s": 61})
    assert (await http.post(INIT, headers=bearer(token), json=body)).status_code == 200


async def test_rate_limits_can_be_switched_off(http: httpx.AsyncClient) -> None:
    await http.post("/_sandbox/config", json={"rate_limits_enabled": False})
    token = (await tiktok_login(http))["access_token"]
    codes = {(await http.post(CREATOR, headers=bearer(token))).status_code for _ in range(25)}
    assert codes == {200}


async def test_a_scripted_failure_reports_failed_with_its_reason(
    http: httpx.AsyncClient,
) -> None:
    await http.post(
        "/_sandbox/faults",
        json={
            "provider": "tiktok",
            "endpoint": "video_init",
            "kind": "fail_publish",
            "fail_reason": "duration_check_failed",
            "times": 1,
        },
    )
    token = (await tiktok_login(http))["access_token"]
    body = {
        "post_info": POST_INFO,
        "source_info": {"source": "PULL_FROM_URL", "video_url": "https://media.example/v.mp4"},
    }
    failing = (await http.post(INIT, headers=bearer(token), json=body)).json()["data"]
    fine = (await http.post(INIT, headers=bearer(token), json=body)).json()["data"]
    assert "upload_url" not in failing
    failed = await status(http, token, failing["publish_id"])
    assert failed["status"] == "FAILED" and failed["fail_reason"] == "duration_check_failed"
    assert (await status(http, token, fine["publish_id"]))["status"] == "PUBLISH_COMPLETE"


async def test_photo_posts_pulled_from_urls_are_accepted_and_recorded(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    token = (await tiktok_login(http))["access_token"]
    response = await http.post(
        "/tiktok/v2/post/publish/content/init/",
        headers=bearer(token),
        json={
            "media_type": "PHOTO",
            "post_mode": "DIRECT_POST",
            "post_info": {"title": "Two photos", "privacy_level": "SELF_ONLY"},
            "source_info": {
                "source": "PULL_FROM_URL",
                "photo_cover_index": 1,
                "photo_images": ["https://m.example/1.jpg", "https://m.example/2.jpg"],
            },
        },
    )
    publish_id = response.json()["data"]["publish_id"]
    assert publish_id.startswith("p_pub_url~")
    assert (await status(http, token, publish_id))["status"] == "PUBLISH_COMPLETE"
    assert sb.state.counters.posts_for("tiktok")[0].kind == "photo_direct"


async def test_every_answer_carries_the_v2_envelope(http: httpx.AsyncClient) -> None:
    response = await http.post(CREATOR, headers=bearer("act.nope"))
    assert response.status_code == 401
    assert response.json()["data"] == {}
    assert response.json()["error"]["code"] == "access_token_invalid"
