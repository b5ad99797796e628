"""`python -m demo`: register, connect a provider, upload a video, schedule, watch it publish."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from demo.video import small_video

GATEWAY = os.environ.get("GAMONTJ_DEMO_URL", "http://127.0.0.1:8080")
PROVIDER = os.environ.get("GAMONTJ_DEMO_PROVIDER", "tiktok")
FINAL = {"published", "failed", "cancelled"}


def step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def ok(response: httpx.Response) -> dict[str, Any]:
    if response.status_code >= 400:
        sys.exit(f"   the gateway answered {response.status_code}: {response.text[:500]}")
    return dict(response.json()) if response.content else {}


def wait_for(read: Any, done: Any, *, seconds: float, every: float = 2.0) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return dict(value)
        time.sleep(every)


def main() -> None:
    with httpx.Client(base_url=GATEWAY, timeout=30) as api, tempfile.TemporaryDirectory() as tmp:
        step(f"Is Gamontj running at {GATEWAY}?")
        print("   readiness:", ok(api.get("/readyz"))["status"])
        step("Sign up (a new user and its first workspace)")
        email = f"demo-{uuid.uuid4().hex[:8]}@example.test"
        account = ok(
            api.post("/v1/auth/register", json={"email": email, "password": "demo password 1234"})
        )
        auth = {"Authorization": f"Bearer {account['tokens']['access_token']}"}
        print(f"   {email} owns workspace {account['workspace']['id']}")
        connection = connect(api, auth)
        media_id = upload(api, auth, Path(tmp)) if PROVIDER == "tiktok" else None
        post_id = schedule(api, auth, connection["id"], media_id)
        watch(api, auth, post_id)


def connect(api: httpx.Client, auth: dict[str, str]) -> dict[str, Any]:
    step(f"Connect the {PROVIDER} sandbox through its OAuth consent page")
    started = ok(api.post(f"/v1/connections/{PROVIDER}/authorize", headers=auth))
    consent = httpx.get(started["authorize_url"], follow_redirects=False)
    callback = consent.headers["location"]
    print("   the provider sends the browser back to", callback.split("?")[0])
    connection = ok(httpx.get(callback, timeout=30))
    print(
        f"   connected {connection['display_name']!r}; granted: {', '.join(connection['scopes'])}"
    )
    return connection


def upload(api: httpx.Client, auth: dict[str, str], folder: Path) -> str:
    step("Upload a small video straight to the signed upload URL")
    video = small_video(folder)
    size = video.stat().st_size
    ticket = ok(
        api.post(
            "/v1/media",
            headers=auth,
            json={"filename": video.name, "content_type": "video/mp4", "size": size},
        )
    )
    with video.open("rb") as body:
        put = httpx.put(ticket["upload_url"], content=body, headers={"Content-Type": "video/mp4"})
    print(f"   PUT {size} bytes → {put.status_code}")
    media_id = str(ticket["media"]["id"])
    media = wait_for(
        lambda: ok(api.get(f"/v1/media/{media_id}", headers=auth)),
        lambda m: m["status"] in {"ready", "rejected"},
        seconds=60,
        every=0.5,
    )
    print(f"   media {media['status']}: {media.get('probe') or media.get('rejection_reason')}")
    return media_id


def schedule(api: httpx.Client, auth: dict[str, str], connection_id: str, media: str | None) -> str:
    step("Write a post and schedule it one minute from now (Europe/Paris time)")
    target: dict[str, Any] = {"connection_id": connection_id, "provider": PROVIDER}
    if PROVIDER == "tiktok":
        target["tiktok"] = {"privacy_level": "SELF_ONLY"}
    post = ok(
        api.post(
            "/v1/posts",
            headers=auth,
            json={
                "text": "Hello from the Gamontj demo #gamontj",
                "media": [media] if media else [],
                "targets": [target],
            },
        )
    )
    when = datetime.now(UTC).astimezone(_paris()) + timedelta(minutes=1)
    local = when.replace(tzinfo=None).isoformat(timespec="seconds")
    scheduled = ok(
        api.post(
            f"/v1/posts/{post['post_id']}/schedule",
            headers=auth,
            json={"local_time": local, "timezone": "Europe/Paris"},
        )
    )
    print(
        f"   post {post['post_id']} scheduled for {scheduled['schedule']['at']} ({local} in Paris)"
    )
    return str(post["post_id"])


def watch(api: httpx.Client, auth: dict[str, str], post_id: str) -> None:
    step("Watch it publish")
    seen = ""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        target = ok(api.get(f"/v1/posts/{post_id}", headers=auth))["targets"][0]
        if target["state"] != seen:
            seen = target["state"]
            print(f"   {datetime.now(UTC):%H:%M:%S} target is {seen}")
        if seen in FINAL:
            break
        time.sleep(2)
    print(f"   provider post: {target.get('provider_post_id') or '-'} {target.get('url') or ''}")
    step("Its attempts, as a person troubleshooting it would read them")
    for attempt in ok(api.get(f"/v1/posts/{post_id}/attempts", headers=auth))["items"]:
        print(
            f"   #{attempt['number']} {attempt['kind']} → {attempt['outcome']} "
            f"in {attempt.get('duration_ms')} ms, trace {attempt['trace_id']}"
        )
    if seen != "published":
        sys.exit(f"   the post ended {seen!r}")


def _paris() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Paris")


if __name__ == "__main__":
    main()
