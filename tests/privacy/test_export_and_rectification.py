"""Export from all four services, rectification reaching auth, and tenant isolation."""

from __future__ import annotations

import pytest

from tests.auth.helpers import register, unique_email
from tests.auth.platform import Platform
from tests.privacy.story import (
    RETENTION,
    completed_view,
    event_fed,
    file_request,
    leave_traces,
    trail_has_subjects,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_an_export_holds_the_persons_records_from_all_four_services(
    platform: Platform,
) -> None:
    http = platform.http
    alice = await register(http)
    traces = await leave_traces(http, alice, connect=True, publish=True)
    await trail_has_subjects(http, alice, traces.media_ids)  # what the export must carry
    await event_fed(platform, traces)
    filed = await file_request(http, alice, {"kind": "export", "subject": "user"}, key="mine")
    assert filed.status_code == 202, filed.text
    view = await completed_view(http, alice, filed.json()["id"])
    assert view["status"] == "completed" and view["progress"] == {"done": 4, "total": 4}
    assert view["deadline"] > view["created_at"] and view["download_expires_at"]

    got = await http.get(f"/v1/privacy/requests/{view['id']}/download", headers=alice.headers)
    assert got.status_code == 200, got.text
    assert got.headers["content-disposition"].startswith("attachment")
    parts = {part["service"]: part["records"] for part in got.json()["parts"]}
    assert set(parts) == {"auth", "media", "publisher", "audit"}
    assert [a["email"] for a in parts["auth"]["account"]] == [alice.email]
    assert [c["_id"] for c in parts["auth"]["connections"]] == [traces.connection_id]
    assert "tokens" not in parts["auth"]["connections"][0]
    assert "password_hash" not in got.text and "key_hash" not in got.text
    assert [m["_id"] for m in parts["media"]["media"]] == traces.media_ids
    assert [p["_id"] for p in parts["publisher"]["posts"]] == traces.post_ids
    assert any(traces.media_ids[0] == e["subject"] for e in parts["audit"]["trail"])
    # What left for Mastodon, and the workspace's own settings as each service applies them.
    [disclosed] = parts["audit"]["disclosures"]
    assert (disclosed["provider"], disclosed["connection_id"]) == ("mastodon", traces.connection_id)
    assert disclosed["post_id"] == traces.post_ids[0] and disclosed["media_ids"] == traces.media_ids
    assert [m["published_at_ms"] > 0 for m in parts["media"]["media"]] == [True]
    [media_window], [drafts_window] = parts["media"]["retention"], parts["publisher"]["retention"]
    assert media_window["after_publish_days"] == RETENTION["media_after_publish_days"]
    assert drafts_window["drafts_days"] == RETENTION["drafts_days"]


async def test_an_idempotency_key_answers_the_same_request_and_refuses_another_body(
    platform: Platform,
) -> None:
    http = platform.http
    alice = await register(http)
    export = {"kind": "export", "subject": "user"}
    filed = await file_request(http, alice, export, key="once")
    assert filed.status_code == 202, filed.text
    again = await file_request(http, alice, export, key="once")
    assert again.status_code == 202 and again.json()["id"] == filed.json()["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    other = await file_request(http, alice, {"kind": "export", "subject": "workspace"}, key="once")
    assert other.status_code == 422, other.text
    assert other.headers["content-type"].startswith("application/problem+json")
    assert other.json()["code"] == "idempotency_key_reused"
    # Same as POST /v1/posts answers for a key reused with another body.
    post = {"text": "Idempotent #privacy", "media": []}
    first = await http.post(
        "/v1/posts", json=post, headers=alice.headers | {"Idempotency-Key": "k"}
    )
    assert first.status_code == 201, first.text
    changed = {**post, "text": "Changed"}
    reused = await http.post(
        "/v1/posts", json=changed, headers=alice.headers | {"Idempotency-Key": "k"}
    )
    assert (reused.status_code, reused.json()["code"]) == (other.status_code, other.json()["code"])
    # Another person's identical key is theirs: a new request.
    bob = await register(http)
    theirs = await file_request(http, bob, export, key="once")
    assert theirs.status_code == 202 and theirs.json()["id"] != filed.json()["id"]


async def test_a_corrected_email_is_the_one_every_service_holding_it_uses(
    platform: Platform,
) -> None:
    http = platform.http
    alice = await register(http)
    corrected = unique_email("corrected")
    filed = await file_request(
        http,
        alice,
        {"kind": "rectification", "subject": "user", "changes": {"email": corrected}},
    )
    assert filed.status_code == 202, filed.text
    view = await completed_view(http, alice, filed.json()["id"])
    assert view["status"] == "completed" and view["results"][0]["counts"]["accounts"] == 1
    me = (await http.get("/v1/me", headers=alice.headers)).json()
    assert me["user"]["email"] == corrected
    new = await http.post("/v1/auth/login", json={"email": corrected, "password": alice.password})
    old = await http.post("/v1/auth/login", json={"email": alice.email, "password": alice.password})
    assert (new.status_code, old.status_code) == (200, 401)


async def test_a_rectification_must_say_what_it_corrects(platform: Platform) -> None:
    alice = await register(platform.http)
    body = {"kind": "rectification", "subject": "user", "changes": {"workspace_name": "x"}}
    refused = await file_request(platform.http, alice, body)
    assert refused.status_code == 422 and refused.json()["code"] == "validation_failed"


async def test_another_workspaces_request_is_not_found(platform: Platform) -> None:
    http = platform.http
    alice, mallory = await register(http), await register(http)
    filed = await file_request(http, alice, {"kind": "export", "subject": "user"})
    request_id = filed.json()["id"]
    for path in (
        f"/v1/privacy/requests/{request_id}",
        f"/v1/privacy/requests/{request_id}/download",
    ):
        answer = await http.get(path, headers=mallory.headers)
        assert answer.status_code == 404 and request_id not in answer.text.replace(path, "")
