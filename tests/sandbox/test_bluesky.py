"""Bluesky stand-in: app-password sessions, rotation, blobs, records with TID keys."""

from __future__ import annotations

import httpx

from sandbox.bluesky.ids import is_tid
from sandbox.runner import RunningSandbox
from tests.sandbox.support import bearer, bluesky_login

X = "/bluesky/xrpc/"
RKEY = "3lbhzyxwvuts2"


def post(text: str, **extra: object) -> dict[str, object]:
    return {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": "2026-11-29T10:00:00.000Z",
        **extra,
    }


async def create(
    http: httpx.AsyncClient,
    session: dict[str, str],
    record: dict[str, object],
    rkey: str | None = RKEY,
) -> httpx.Response:
    body = {"repo": session["did"], "collection": "app.bsky.feed.post", "record": record}
    if rkey is not None:
        body["rkey"] = rkey
    return await http.post(
        X + "com.atproto.repo.createRecord", json=body, headers=bearer(session["accessJwt"])
    )


async def test_a_session_refreshes_once_per_refresh_token(http: httpx.AsyncClient) -> None:
    session = await bluesky_login(http)
    assert session["did"].startswith("did:plc:") and session["handle"] == "sandbox.test"
    refresh = X + "com.atproto.server.refreshSession"
    renewed = await http.post(refresh, headers=bearer(session["refreshJwt"]))
    assert renewed.status_code == 200
    assert renewed.json()["refreshJwt"] != session["refreshJwt"]
    reused = await http.post(refresh, headers=bearer(session["refreshJwt"]))
    assert reused.status_code == 400
    assert reused.json()["error"] == "ExpiredToken"
    me = await http.get(
        X + "com.atproto.server.getSession", headers=bearer(renewed.json()["accessJwt"])
    )
    assert me.json()["did"] == session["did"]


async def test_access_tokens_expire_on_the_configured_lifetime(http: httpx.AsyncClient) -> None:
    await http.post("/_sandbox/config", json={"bluesky": {"access_ttl_s": 60}})
    session = await bluesky_login(http)
    await http.post("/_sandbox/clock", json={"advance_s": 61})
    me = await http.get(X + "com.atproto.server.getSession", headers=bearer(session["accessJwt"]))
    assert me.status_code == 400 and me.json()["error"] == "ExpiredToken"


async def test_wrong_passwords_are_refused(http: httpx.AsyncClient) -> None:
    response = await http.post(
        X + "com.atproto.server.createSession",
        json={"identifier": "sandbox.test", "password": "nope"},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "AuthenticationRequired"


async def test_a_post_with_an_image_gets_a_uri_under_its_tid(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    session = await bluesky_login(http)
    blob = (
        await http.post(
            X + "com.atproto.repo.uploadBlob",
            content=b"\xff\xd8\xff" + bytes(500),
            headers={**bearer(session["accessJwt"]), "Content-Type": "image/jpeg"},
        )
    ).json()["blob"]
    assert blob["ref"]["$link"].startswith("bafkrei") and blob["size"] == 503
    embed = {"$type": "app.bsky.embed.images", "images": [{"image": blob, "alt": "a photo"}]}
    created = await create(http, session, post("With a picture", embed=embed))
    assert created.status_code == 200, created.text
    assert created.json()["uri"] == f"at://{session['did']}/app.bsky.feed.post/{RKEY}"
    fetched = await http.get(
        X + "com.atproto.repo.getRecord",
        params={"repo": session["did"], "collection": "app.bsky.feed.post", "rkey": RKEY},
    )
    assert fetched.json()["value"]["text"] == "With a picture"
    assert fetched.json()["cid"] == created.json()["cid"]
    assert [p.key for p in sb.state.counters.posts_for("bluesky")] == [RKEY]


async def test_a_duplicate_rkey_is_a_bare_500_and_posts_nothing(
    http: httpx.AsyncClient, sb: RunningSandbox
) -> None:
    session = await bluesky_login(http)
    assert (await create(http, session, post("once"))).status_code == 200
    again = await create(http, session, post("once"))
    assert again.status_code == 500
    assert again.json()["error"] == "InternalServerError"
    assert len(sb.state.counters.posts_for("bluesky")) == 1


async def test_rkeys_of_posts_must_be_tids(http: httpx.AsyncClient) -> None:
    session = await bluesky_login(http)
    response = await create(http, session, post("hi"), rkey="not-a-tid")
    assert response.status_code == 400 and response.json()["error"] == "InvalidRequest"
    generated = await create(http, session, post("hi"), rkey=None)
    assert is_tid(generated.json()["uri"].rsplit("/", 1)[1])


async def test_a_missing_record_is_400_record_not_found(http: httpx.AsyncClient) -> None:
    session = await bluesky_login(http)
    response = await http.get(
        X + "com.atproto.repo.getRecord",
        params={"repo": session["did"], "collection": "app.bsky.feed.post", "rkey": RKEY},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "RecordNotFound"


async def test_text_is_limited_to_300_graphemes(http: httpx.AsyncClient) -> None:
    session = await bluesky_login(http)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one grapheme, 18 bytes
    fits = await create(http, session, post(family * 150), rkey=None)  # 150 graphemes, 2700 B
    assert fits.status_code == 200, fits.text
    too_many = await create(http, session, post("a" * 301), rkey=None)
    assert too_many.status_code == 400 and too_many.json()["error"] == "InvalidRequest"
    too_big = await create(http, session, post(family * 170), rkey=None)  # 3060 bytes
    assert too_big.status_code == 400 and "3000" in too_big.json()["message"]


async def test_create_session_is_rate_limited_per_account(http: httpx.AsyncClient) -> None:
    await http.post(
        "/_sandbox/config",
        json={"bluesky": {"rate_limits": {"createSession": [{"limit": 2, "window_s": 300}]}}},
    )
    codes = []
    for _ in range(3):
        response = await http.post(
            X + "com.atproto.server.createSession",
            json={"identifier": "sandbox.test", "password": "abcd-efgh-ijkl-mnop"},
        )
        codes.append(response.status_code)
    assert codes == [200, 200, 429]
    assert response.json()["error"] == "RateLimitExceeded"
    assert int(response.headers["ratelimit-reset"]) > 0
    assert response.headers["ratelimit-remaining"] == "0"


async def test_accounts_can_be_added_through_the_control_api(http: httpx.AsyncClient) -> None:
    added = await http.post(
        "/_sandbox/bluesky/accounts",
        json={"handle": "alice.test", "app_passwords": ["aaaa-bbbb-cccc-dddd"]},
    )
    assert added.status_code == 201 and added.json()["did"].startswith("did:plc:")
    session = await http.post(
        X + "com.atproto.server.createSession",
        json={"identifier": "alice.test", "password": "aaaa-bbbb-cccc-dddd"},
    )
    assert session.json()["did"] == added.json()["did"]
    refused = await http.post("/_sandbox/bluesky/accounts", json={"handle": "bob.example"})
    assert refused.status_code == 400


async def test_unknown_xrpc_methods_are_not_implemented(http: httpx.AsyncClient) -> None:
    response = await http.get(X + "app.bsky.feed.getTimeline")
    assert response.status_code == 501
    assert response.json()["error"] == "MethodNotImplemented"
