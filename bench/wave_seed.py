"""Seeding the publisher wave: workspaces and Mastodon connections through the real auth path
(gateway, auth, sandbox consent), then posts and due targets through the publisher's own
document mapping (insert_many: 10,000 posts through the gateway would take minutes)."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.adapters.mongo_documents import post_fields, record_document
from services.publisher.domain.post import Post, TargetSpec
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.schedule import Schedule
from services.publisher.domain.target_state import TargetState
from shared.ids import new_id
from shared.store.values import epoch_ms

INSERT_BATCH = 1000


@dataclass(frozen=True)
class Workspace:
    tenant_id: str
    user_id: str
    connection_id: str


async def workspaces(gateway_url: str, count: int, *, parallel: int = 4) -> list[Workspace]:
    """`count` people, each registering a workspace and connecting a Mastodon account."""
    gate = asyncio.Semaphore(parallel)

    async def one(index: int) -> Workspace:
        async with gate:
            return await _workspace(gateway_url, index)

    return list(await asyncio.gather(*(one(i) for i in range(count))))


async def _workspace(gateway_url: str, index: int) -> Workspace:
    # One client per person: the OAuth binding cookie belongs to that browser only.
    async with httpx.AsyncClient(base_url=gateway_url, timeout=30.0) as http:
        email = f"wave{index}-{uuid.uuid4().hex[:8]}@example.test"
        answer = await http.post(
            "/v1/auth/register", json={"email": email, "password": secrets.token_urlsafe(16)}
        )
        _expect(answer, 201)
        data = answer.json()
        headers = {"Authorization": f"Bearer {data['tokens']['access_token']}"}
        started = await http.post("/v1/connections/mastodon/authorize", headers=headers)
        _expect(started, 200)
        async with httpx.AsyncClient(timeout=30.0) as browser:
            consent = await browser.get(started.json()["authorize_url"])
        back = urlsplit(consent.headers["location"])
        connected = await http.get(f"{back.path}?{back.query}")
        _expect(connected, 200)
        connection = connected.json()
        return Workspace(
            tenant_id=data["workspace"]["id"],
            user_id=data["user"]["id"],
            connection_id=connection["id"],
        )


def _expect(answer: httpx.Response, status: int) -> None:
    if answer.status_code != status:
        path = answer.request.url.path
        raise RuntimeError(f"{path} answered {answer.status_code}: {answer.text[:500]}")


async def seed_targets(
    db: AsyncDatabase[Any], spaces: list[Workspace], per_workspace: int, due: datetime
) -> int:
    """Scheduled one-target posts, all due at `due`, as schedule_post leaves them."""
    posts: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    for space in spaces:
        for n in range(per_workspace):
            post, target = _post_and_target(space, n, due)
            posts.append(post)
            targets.append(target)
    for start in range(0, len(posts), INSERT_BATCH):
        await db["posts"].insert_many(posts[start : start + INSERT_BATCH])
        await db["targets"].insert_many(targets[start : start + INSERT_BATCH])
    return len(targets)


def _post_and_target(
    space: Workspace, n: int, due: datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    post_id, target_id = new_id(), new_id()
    spec = TargetSpec(id=target_id, connection_id=space.connection_id, provider="mastodon")
    schedule = Schedule(at=due, zone="UTC", local=due.replace(tzinfo=None).isoformat())
    post = Post(
        id=post_id,
        tenant_id=space.tenant_id,
        author=space.user_id,
        text=f"Wave post {n} of workspace {space.tenant_id[-6:]} #bench",
        targets=(spec,),
        schedule=schedule,
        created_at=due,
        updated_at=due,
    )
    record = TargetRecord(
        id=target_id,
        tenant_id=space.tenant_id,
        post_id=post_id,
        connection_id=space.connection_id,
        provider="mastodon",
        state=TargetState.SCHEDULED,
        due_at=due,
    )
    post_doc = {"_id": post_id, **post_fields(post), "idem_key": post_id, "idem_fp": ""}
    target_doc = record_document(record) | {"fence": 0, "run_at_ms": epoch_ms(due)}
    return post_doc, target_doc
