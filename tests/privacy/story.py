"""Steps the privacy stories share: leave data in every service, file and follow requests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.auth.helpers import Session
from tests.auth.platform import Platform
from tests.e2e.publishing import publish_now, wait_settled
from tests.media import samples
from tests.support.waiting import eventually


@dataclass
class Footprint:
    """Ids of what a person created in one workspace."""

    workspace_id: str
    connection_id: str = ""
    post_ids: list[str] = field(default_factory=list)
    media_ids: list[str] = field(default_factory=list)


async def connect_mastodon(http: httpx.AsyncClient, who: Session) -> str:
    started = await http.post("/v1/connections/mastodon/authorize", headers=who.headers)
    assert started.status_code == 200, started.text
    async with httpx.AsyncClient() as browser:
        consent = await browser.get(started.json()["authorize_url"])
    back = urlsplit(consent.headers["location"])
    connected = await http.get(f"{back.path}?{back.query}")
    assert connected.status_code == 200, connected.text
    return str(connected.json()["id"])


async def upload_image(http: httpx.AsyncClient, who: Session) -> str:
    data = samples.png(12, 8)
    created = await http.post(
        "/v1/media",
        json={"filename": "me.png", "content_type": "image/png", "size": len(data)},
        headers=who.headers,
    )
    assert created.status_code == 201, created.text
    ticket = created.json()
    async with httpx.AsyncClient() as plain:
        stored = await plain.put(ticket["upload_url"], content=data)
    assert stored.status_code == 200, stored.text
    media_id = str(ticket["media"]["id"])

    async def status() -> str:
        answer = await http.get(f"/v1/media/{media_id}", headers=who.headers)
        return str(answer.json().get("status"))

    await eventually(status, lambda s: s not in ("uploading", "processing"), within_s=20)
    return media_id


async def write_post(
    http: httpx.AsyncClient, who: Session, connection_id: str = "", media: list[str] | None = None
) -> str:
    body: dict[str, Any] = {"text": "Hello from Gamontj #privacy", "media": media or []}
    if connection_id:
        body["targets"] = [{"connection_id": connection_id, "provider": "mastodon"}]
    created = await http.post("/v1/posts", json=body, headers=who.headers)
    assert created.status_code == 201, created.text
    return str(created.json()["post_id"])


async def leave_traces(
    http: httpx.AsyncClient, who: Session, *, connect: bool, publish: bool = False
) -> Footprint:
    """A connection (optionally), an image and a post in the session's current workspace.

    With `publish` (needs `connect`), the post carries the image and is sent to Mastodon (a
    disclosure), and the workspace's retention changes: every collection that only fills
    through events (ledger, publish marks, retention copies, inboxes) then holds its ids."""
    print_ = Footprint(workspace_id=who.workspace_id)
    if connect:
        print_.connection_id = await connect_mastodon(http, who)
    print_.media_ids.append(await upload_image(http, who))
    attached = print_.media_ids if publish else []
    print_.post_ids.append(await write_post(http, who, print_.connection_id, attached))
    if publish:
        assert connect, "a publish needs a connection"
        await publish_now(http, who, print_.post_ids[0])
        sent = await wait_settled(http, who, print_.post_ids[0])
        assert [t["state"] for t in sent["targets"]] == ["published"], sent
        changed = await http.put("/v1/settings/retention", json=RETENTION, headers=who.headers)
        assert changed.status_code == 200, changed.text
    return print_


# Retention a workspace chooses in the stories (other than the defaults, so it is a change).
RETENTION = {
    "audit_trail_days": 400,
    "ops_log_days": 30,
    "media_after_publish_days": 60,
    "drafts_days": 200,
}


async def event_fed(platform: Platform, print_: Footprint) -> None:
    """Wait until every consumer has applied what `leave_traces(publish=True)` set off, so an
    erasure that follows finds it all (and no late event writes the workspace's id again)."""
    tenant = print_.workspace_id
    media = platform.auth.mongo[platform.settings.database_name("media")]
    publisher = platform.auth.mongo[platform.settings.database_name("publisher")]
    audit = platform.auth.mongo[platform.settings.database_name("audit")]

    async def applied() -> dict[str, int]:
        marked = {
            "tenant_id": tenant,
            "_id": {"$in": print_.media_ids},
            "published_at_ms": {"$gt": 0},
        }
        done = {"tenant_id": tenant, "state": "done"}
        return {
            "marked": await media["media"].count_documents(marked),
            "media_copy": await media["retention_copy"].count_documents({"tenant_id": tenant}),
            "media_inbox": await media["inbox"].count_documents(done),
            "publisher_copy": await publisher["retention_copy"].count_documents(
                {"tenant_id": tenant}
            ),
            "publisher_inbox": await publisher["inbox"].count_documents(done),
            "ledger": await audit["disclosures"].count_documents({"tenant_id": tenant}),
            "retention_in_trail": await audit["trail"].count_documents(
                {"tenant_id": tenant, "event_type": "audit.retention_changed"}
            ),
            "published_in_trail": await audit["trail"].count_documents(
                {"tenant_id": tenant, "event_type": "publisher.post_published"}
            ),
        }

    expected = {
        "marked": len(print_.media_ids),
        "media_copy": 1,
        "media_inbox": 2,  # the send and the retention change
        "publisher_copy": 1,
        "publisher_inbox": 1,
        "ledger": 1,
        "retention_in_trail": 1,
        "published_in_trail": 1,
    }
    await eventually(
        applied, lambda seen: all(seen[name] >= n for name, n in expected.items()), within_s=60
    )


async def trail_of(http: httpx.AsyncClient, who: Session) -> list[dict[str, Any]]:
    page = await http.get("/v1/audit/events", params={"limit": 200}, headers=who.headers)
    assert page.status_code == 200, page.text
    return list(page.json()["items"])


async def trail_mentions(http: httpx.AsyncClient, who: Session, ids: list[str]) -> None:
    """Wait until the audit trail has recorded an event about each id."""

    async def text() -> str:
        return json.dumps(await trail_of(http, who))

    await eventually(text, lambda seen: all(i in seen for i in ids), within_s=60)


async def trail_has_subjects(http: httpx.AsyncClient, who: Session, ids: list[str]) -> None:
    """Wait until each id is the subject of some trail entry (not merely named in a payload)."""

    async def subjects() -> set[str]:
        return {str(entry.get("subject")) for entry in await trail_of(http, who)}

    await eventually(subjects, lambda seen: set(ids) <= seen, within_s=60)


async def file_request(
    http: httpx.AsyncClient, who: Session, body: dict[str, Any], key: str = ""
) -> httpx.Response:
    headers = who.headers | ({"Idempotency-Key": key} if key else {})
    return await http.post("/v1/privacy/requests", json=body, headers=headers)


async def stored_request(platform: Platform, request_id: str) -> dict[str, Any] | None:
    """The saga document as audit keeps it (the requester may no longer exist to ask)."""
    db = platform.auth.mongo[platform.settings.database_name("audit")]
    found: dict[str, Any] | None = await db["privacy_requests"].find_one({"_id": request_id})
    return found


async def settled(platform: Platform, request_id: str) -> dict[str, Any]:
    async def status() -> dict[str, Any]:
        return await stored_request(platform, request_id) or {}

    return await eventually(
        status, lambda doc: doc.get("status") in ("completed", "failed"), within_s=60
    )


async def completed_view(http: httpx.AsyncClient, who: Session, request_id: str) -> dict[str, Any]:
    async def view() -> dict[str, Any]:
        answer = await http.get(f"/v1/privacy/requests/{request_id}", headers=who.headers)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    return await eventually(view, lambda v: v["status"] in ("completed", "failed"), within_s=60)
