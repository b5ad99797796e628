"""Publishing stories through the gateway: connect an account, upload a video, post, watch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from demo.video import small_video
from sandbox.bluesky.state import DEFAULT_APP_PASSWORD, DEFAULT_HANDLE
from tests.auth.helpers import Session
from tests.support.waiting import eventually

PROVIDERS = ("tiktok", "mastodon", "bluesky")
FINAL = frozenset({"published", "failed", "cancelled"})


def settled(target: dict[str, Any]) -> bool:
    """Final, or unconfirmed with no next action (parked until a person decides)."""
    parked = target["state"] == "unconfirmed" and target.get("next_action_at") is None
    return target["state"] in FINAL or parked


async def connect(http: httpx.AsyncClient, owner: Session, provider: str) -> dict[str, Any]:
    """OAuth through the provider's consent page as a browser would, or Bluesky's app password."""
    if provider == "bluesky":
        created = await http.post(
            "/v1/connections/bluesky/credentials",
            json={"identifier": DEFAULT_HANDLE, "password": DEFAULT_APP_PASSWORD},
            headers=owner.headers,
        )
        assert created.status_code == 201, created.text
        return dict(created.json())
    started = await http.post(f"/v1/connections/{provider}/authorize", headers=owner.headers)
    assert started.status_code == 200, started.text
    async with httpx.AsyncClient() as browser:
        consent = await browser.get(started.json()["authorize_url"])
    back = urlsplit(consent.headers["location"])
    connected = await http.get(f"{back.path}?{back.query}")
    assert connected.status_code == 200, connected.text
    return dict(connected.json())


async def upload_video(http: httpx.AsyncClient, owner: Session, folder: Path) -> str:
    """A small real video (TikTok's fps and size rules), uploaded and waited on until ready."""
    data = small_video(folder).read_bytes()
    ticket = await http.post(
        "/v1/media",
        json={"filename": "clip.mp4", "content_type": "video/mp4", "size": len(data)},
        headers=owner.headers,
    )
    assert ticket.status_code == 201, ticket.text
    async with httpx.AsyncClient() as uploader:
        put = await uploader.put(
            ticket.json()["upload_url"], content=data, headers={"Content-Type": "video/mp4"}
        )
    assert put.status_code < 300, put.text
    media_id = str(ticket.json()["media"]["id"])

    async def read() -> dict[str, Any]:
        return dict((await http.get(f"/v1/media/{media_id}", headers=owner.headers)).json())

    media = await eventually(read, lambda m: m["status"] in {"ready", "rejected"}, within_s=30)
    assert media["status"] == "ready", media
    return media_id


def target_for(provider: str, connection_id: str) -> dict[str, Any]:
    target: dict[str, Any] = {"connection_id": connection_id, "provider": provider}
    if provider == "tiktok":
        target["tiktok"] = {"privacy_level": "SELF_ONLY"}
    return target


async def create_post(
    http: httpx.AsyncClient,
    owner: Session,
    targets: list[dict[str, Any]],
    *,
    media: list[str],
    text: str = "Fault table #gamontj https://example.org",
) -> str:
    created = await http.post(
        "/v1/posts",
        json={"text": text, "media": media, "targets": targets},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    return str(created.json()["post_id"])


async def publish_now(http: httpx.AsyncClient, owner: Session, post_id: str) -> None:
    started = await http.post(f"/v1/posts/{post_id}/publish-now", json={}, headers=owner.headers)
    assert started.status_code == 200, started.text


async def schedule_in(http: httpx.AsyncClient, owner: Session, post_id: str, seconds: int) -> None:
    """Schedule at a UTC wall time `seconds` (whole) from now."""
    when = (datetime.now(UTC) + timedelta(seconds=seconds + 1)).replace(microsecond=0)
    body = {"local_time": when.replace(tzinfo=None).isoformat(), "timezone": "UTC"}
    answer = await http.post(f"/v1/posts/{post_id}/schedule", json=body, headers=owner.headers)
    assert answer.status_code == 200, answer.text


async def read_post(http: httpx.AsyncClient, owner: Session, post_id: str) -> dict[str, Any]:
    answer = await http.get(f"/v1/posts/{post_id}", headers=owner.headers)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def wait_settled(
    http: httpx.AsyncClient, owner: Session, post_id: str, *, within_s: float = 30
) -> dict[str, Any]:
    """The post once every target is final or parked for a person."""
    return await eventually(
        lambda: read_post(http, owner, post_id),
        lambda p: all(settled(t) for t in p["targets"]),
        within_s=within_s,
        every_s=0.1,
    )


async def attempts(http: httpx.AsyncClient, owner: Session, post_id: str) -> list[dict[str, Any]]:
    answer = await http.get(f"/v1/posts/{post_id}/attempts", headers=owner.headers)
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])
