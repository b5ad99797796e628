"""Erasure end to end: every service forgets the person, the trail still verifies."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from bson import json_util

from sandbox.runner import RunningSandbox
from services.auth.adapters.mongo_data_key_repository import MongoDataKeyRepository
from services.auth.app.token_cipher import TokenCipher, TokenUnreadable
from services.auth.bootstrap import key_vault
from tests.auth.helpers import Session, invite, register, switch
from tests.auth.platform import Platform
from tests.privacy.story import (
    completed_view,
    event_fed,
    file_request,
    leave_traces,
    settled,
    trail_has_subjects,
    trail_mentions,
    trail_of,
    write_post,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def everything_naming(
    platform: Platform, needles: set[str], *, allowed: set[str]
) -> list[str]:
    """Every stored document (any service) and media file naming a needle, but `allowed` ids."""
    client, prefix = platform.auth.mongo, platform.settings.db_prefix + "_"
    found = []
    for database in await client.list_database_names():
        if not database.startswith(prefix):
            continue
        for name in await client[database].list_collection_names():
            async for doc in client[database][name].find({}):
                text = json_util.dumps(doc).lower()
                hits = {n for n in needles if n.lower() in text}
                if hits and doc.get("_id") not in allowed:
                    found.append(f"{database}.{name}: {doc.get('_id')} names {sorted(hits)}")
    storage = Path(platform.settings.data_dir, "media")
    return found + await asyncio.to_thread(_files_naming, storage, needles)


def _files_naming(storage: Path, needles: set[str]) -> list[str]:
    found = []
    for path in storage.rglob("*"):
        content = path.read_bytes() if path.is_file() else b""
        for needle in needles:
            if needle in str(path) or needle.encode() in content:
                found.append(f"storage: {path} names {needle}")
    return found


async def shared_workspace(platform: Platform, alice: Session) -> tuple[Session, Session]:
    """Bob's workspace, where Alice is an editor; Alice's session is switched there."""
    http = platform.http
    bob = await register(http, workspace_name="Bob and friends")
    token = await invite(http, bob, alice.email, "editor")
    accepted = await http.post(f"/v1/invitations/{token}/accept", headers=alice.headers)
    assert accepted.status_code == 200, accepted.text
    home = alice.workspace_id
    alice_there = await switch(http, alice, bob.workspace_id)
    return bob, Session(
        **{**alice_there.__dict__, "workspace_id": bob.workspace_id}
    ) if home else alice_there


async def test_an_erased_user_is_gone_from_every_store_and_the_shared_trail_still_verifies(
    platform: Platform, sandbox: RunningSandbox
) -> None:
    http = platform.http
    alice = await register(http, workspace_name="Alice alone")
    home = alice.workspace_id
    mine = await leave_traces(http, alice, connect=True, publish=True)
    sealed = await _ciphertext(platform, home, mine.connection_id)
    bob, alice = await shared_workspace(platform, alice)
    shared_post = await write_post(http, alice, "")
    # An earlier request of hers there stays, forgetting her (its key embedded her id).
    early = await file_request(http, alice, {"kind": "export", "subject": "user"}, key="early")
    assert (await completed_view(http, alice, early.json()["id"]))["status"] == "completed"
    await trail_mentions(http, bob, [alice.user_id])
    await trail_mentions(
        http, await switch(http, alice, home), [*mine.media_ids, mine.connection_id]
    )
    await event_fed(platform, mine)

    filed = await file_request(http, alice, {"kind": "erasure", "subject": "user"}, key="bye")
    assert filed.status_code == 202, filed.text
    view = filed.json()
    assert view["status"] == "running" and view["progress"] == {"done": 0, "total": 4}
    assert [r["service"] for r in view["results"]] == ["publisher", "media", "auth", "audit"]
    tombstone = await settled(platform, view["id"])
    assert tombstone["status"] == "completed", tombstone

    needles = {alice.user_id, alice.email, home, *mine.post_ids, *mine.media_ids}
    assert await everything_naming(platform, needles, allowed={view["id"]}) == []
    assert alice.user_id not in json_util.dumps(tombstone) and alice.email not in json_util.dumps(
        tombstone
    )
    # Bob's workspace keeps Alice's post, authored by nobody in particular, and a sound chain.
    post = (await http.get(f"/v1/posts/{shared_post}", headers=bob.headers)).json()
    assert post["author"] == "erased"
    verified = (await http.get("/v1/audit/verify", headers=bob.headers)).json()
    assert verified["ok"] is True and verified["entries"] > 0, verified
    assert any(item["redacted"] for item in await trail_of(http, bob))
    # Revoked at the provider, and a copy of the ciphertext taken before is noise now.
    assert sandbox.state.mastodon.tokens and all(
        t.revoked for t in sandbox.state.mastodon.tokens.values()
    )
    cipher = TokenCipher(key_vault(platform.settings), MongoDataKeyRepository(platform.db))
    with pytest.raises(TokenUnreadable):
        await cipher.decrypt(
            tenant_id=home, connection_id=mine.connection_id, field="access", ciphertext=sealed
        )
    login = await http.post(
        "/v1/auth/login", json={"email": alice.email, "password": alice.password}
    )
    assert login.status_code == 401


async def test_the_last_owner_of_a_shared_workspace_must_hand_it_over_first(
    platform: Platform,
) -> None:
    http = platform.http
    alice = await register(http)
    bob, _ = await shared_workspace(platform, alice)
    refused = await file_request(http, bob, {"kind": "erasure", "subject": "user"})
    assert refused.status_code == 409 and refused.json()["code"] == "last_owner", refused.text


async def test_only_an_owner_asks_about_the_whole_workspace(platform: Platform) -> None:
    http = platform.http
    alice = await register(http)
    _, alice_there = await shared_workspace(platform, alice)
    refused = await file_request(http, alice_there, {"kind": "export", "subject": "workspace"})
    assert refused.status_code == 403, refused.text


async def test_an_erased_workspace_leaves_only_its_tombstone(platform: Platform) -> None:
    http = platform.http
    owner = await register(http, workspace_name="Short-lived")
    traces = await leave_traces(http, owner, connect=True, publish=True)
    sealed = await _ciphertext(platform, owner.workspace_id, traces.connection_id)
    await trail_has_subjects(http, owner, traces.media_ids)
    await event_fed(platform, traces)
    filed = await file_request(http, owner, {"kind": "erasure", "subject": "workspace"})
    assert filed.status_code == 202, filed.text
    tombstone = await settled(platform, filed.json()["id"])
    assert tombstone["status"] == "completed", tombstone
    needles = {owner.workspace_id, traces.connection_id, *traces.post_ids, *traces.media_ids}
    assert await everything_naming(platform, needles, allowed={filed.json()["id"]}) == []
    cipher = TokenCipher(key_vault(platform.settings), MongoDataKeyRepository(platform.db))
    with pytest.raises(TokenUnreadable):
        await cipher.decrypt(
            tenant_id=owner.workspace_id,
            connection_id=traces.connection_id,
            field="access",
            ciphertext=sealed,
        )


async def _ciphertext(platform: Platform, tenant_id: str, connection_id: str) -> bytes:
    doc: dict[str, Any] | None = await platform.db["connections"].find_one(
        {"_id": connection_id, "tenant_id": tenant_id}
    )
    assert doc is not None
    return bytes(doc["tokens"]["access"])
