"""Invitations and API keys through the gateway."""

from __future__ import annotations

import asyncio

import pytest

from tests.auth.helpers import bearer, invite, join, register, unique_email
from tests.auth.platform import Platform

pytestmark = pytest.mark.integration


async def test_an_invitation_link_lets_the_invited_user_join_once(platform: Platform) -> None:
    owner = await register(platform.http)
    guest = await register(platform.http)
    created = await platform.http.post(
        "/v1/invitations", json={"email": guest.email, "role": "editor"}, headers=owner.headers
    )
    assert created.status_code == 201
    invitation = created.json()
    assert (invitation["email"], invitation["role"]) == (guest.email, "editor")
    assert invitation["link"].startswith("http") and invitation["expires_at"]
    token = invitation["link"].split("/v1/invitations/")[1].split("/")[0]
    accepted = await platform.http.post(f"/v1/invitations/{token}/accept", headers=guest.headers)
    assert accepted.status_code == 200
    assert (accepted.json()["id"], accepted.json()["role"]) == (owner.workspace_id, "editor")
    again = await platform.http.post(f"/v1/invitations/{token}/accept", headers=guest.headers)
    assert again.status_code == 404
    workspaces = (await platform.http.get("/v1/workspaces", headers=guest.headers)).json()
    assert owner.workspace_id in [w["id"] for w in workspaces["items"]]


async def test_only_the_invited_address_can_use_an_invitation(platform: Platform) -> None:
    owner, intruder = await register(platform.http), await register(platform.http)
    token = await invite(platform.http, owner, unique_email("invitee"), "admin")
    stolen = await platform.http.post(f"/v1/invitations/{token}/accept", headers=intruder.headers)
    assert stolen.status_code == 404


async def test_only_owners_and_admins_invite_and_never_above_their_role(
    platform: Platform,
) -> None:
    owner = await register(platform.http)
    editor = await join(platform.http, owner, "editor")
    admin = await join(platform.http, owner, "admin")
    by_editor = await platform.http.post(
        "/v1/invitations", json={"email": unique_email(), "role": "viewer"}, headers=editor.headers
    )
    assert by_editor.status_code == 403
    owner_by_admin = await platform.http.post(
        "/v1/invitations", json={"email": unique_email(), "role": "owner"}, headers=admin.headers
    )
    assert owner_by_admin.status_code == 403
    existing = await platform.http.post(
        "/v1/invitations", json={"email": editor.email, "role": "viewer"}, headers=owner.headers
    )
    assert existing.status_code == 409 and existing.json()["code"] == "already_member"


async def test_api_keys_are_shown_once_listed_with_prefix_and_bound_to_their_workspace(
    platform: Platform,
) -> None:
    owner = await register(platform.http)
    created = await platform.http.post(
        "/v1/api-keys", json={"name": "CI", "role": "viewer"}, headers=owner.headers
    )
    assert created.status_code == 201
    key = created.json()
    assert key["key"].startswith("gmj_") and key["key"].startswith(key["prefix"])
    listed = (await platform.http.get("/v1/api-keys", headers=owner.headers)).json()["items"]
    assert [(k["id"], k["name"], k["role"], k["prefix"]) for k in listed] == [
        (key["id"], "CI", "viewer", key["prefix"])
    ]
    assert "key" not in listed[0] and listed[0]["last_used_at"] is None
    members = await platform.http.get("/v1/members", headers=bearer(key["key"]))
    assert members.status_code == 200  # the key acts in its own workspace
    assert [m["user_id"] for m in members.json()["items"]] == [owner.user_id]
    used = (await platform.http.get("/v1/api-keys", headers=owner.headers)).json()["items"][0]
    assert used["last_used_at"] is not None
    for forbidden in [
        platform.http.post(
            "/v1/api-keys", json={"name": "x", "role": "viewer"}, headers=bearer(key["key"])
        ),
        platform.http.post(
            f"/v1/workspaces/{owner.workspace_id}/switch", headers=bearer(key["key"])
        ),
        platform.http.get("/v1/me", headers=bearer(key["key"])),
    ]:
        assert (await forbidden).status_code == 403


async def test_a_revoked_api_key_stops_working_within_the_cache_bound(platform: Platform) -> None:
    owner = await register(platform.http)
    key = (
        await platform.http.post(
            "/v1/api-keys", json={"name": "bot", "role": "editor"}, headers=owner.headers
        )
    ).json()
    assert (await platform.http.get("/v1/members", headers=bearer(key["key"]))).status_code == 200
    revoked = await platform.http.delete(f"/v1/api-keys/{key['id']}", headers=owner.headers)
    assert revoked.status_code == 204
    again = await platform.http.delete(f"/v1/api-keys/{key['id']}", headers=owner.headers)
    assert again.status_code == 404
    await asyncio.sleep(platform.settings.api_key_cache_s)
    refused = await platform.http.get("/v1/members", headers=bearer(key["key"]))
    assert refused.status_code == 401
    assert (await platform.http.get("/v1/api-keys", headers=owner.headers)).json()["items"] == []


async def test_api_keys_of_another_workspace_are_not_found(platform: Platform) -> None:
    alice, bob = await register(platform.http), await register(platform.http)
    key = (
        await platform.http.post(
            "/v1/api-keys", json={"name": "bob's", "role": "viewer"}, headers=bob.headers
        )
    ).json()
    response = await platform.http.delete(f"/v1/api-keys/{key['id']}", headers=alice.headers)
    assert response.status_code == 404
    listed = (await platform.http.get("/v1/api-keys", headers=alice.headers)).json()
    assert listed["items"] == []
    assert (await platform.http.get("/v1/members", headers=bearer(key["key"]))).status_code == 200
