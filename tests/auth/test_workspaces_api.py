"""Workspaces, switching and members through the gateway: roles, the last owner, other tenants."""

from __future__ import annotations

import pytest

from tests.auth.helpers import join, register, switch
from tests.auth.platform import Platform

pytestmark = pytest.mark.integration


async def test_create_list_and_switch_workspaces(platform: Platform) -> None:
    session = await register(platform.http)
    created = await platform.http.post(
        "/v1/workspaces", json={"name": "Agency"}, headers=session.headers
    )
    assert created.status_code == 201
    agency = created.json()
    assert (agency["name"], agency["role"]) == ("Agency", "owner")
    listed = await platform.http.get("/v1/workspaces", headers=session.headers)
    assert [w["id"] for w in listed.json()["items"]] == [session.workspace_id, agency["id"]]
    await switch(platform.http, session, agency["id"])
    assert session.workspace_id == agency["id"]
    me = (await platform.http.get("/v1/me", headers=session.headers)).json()
    assert me["current_workspace"]["id"] == agency["id"]
    # The switched session's refresh token keeps the new workspace.
    refreshed = await platform.http.post(
        "/v1/auth/refresh", json={"refresh_token": session.refresh_token}
    )
    assert refreshed.json()["workspace_id"] == agency["id"]


async def test_an_idempotency_key_replays_the_created_workspace(platform: Platform) -> None:
    session = await register(platform.http)
    headers = {**session.headers, "Idempotency-Key": "create-agency-1"}
    first = await platform.http.post("/v1/workspaces", json={"name": "Agency"}, headers=headers)
    again = await platform.http.post("/v1/workspaces", json={"name": "Agency"}, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    other = await platform.http.post("/v1/workspaces", json={"name": "Other"}, headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    listed = (await platform.http.get("/v1/workspaces", headers=session.headers)).json()
    assert len(listed["items"]) == 2


async def test_switching_to_a_workspace_without_membership_is_404(platform: Platform) -> None:
    alice, bob = await register(platform.http), await register(platform.http)
    response = await platform.http.post(
        f"/v1/workspaces/{bob.workspace_id}/switch", headers=alice.headers
    )
    assert response.status_code == 404
    assert bob.workspace_id not in response.text.replace(response.json()["instance"], "")
    unknown = await platform.http.post("/v1/workspaces/wsp_nope/switch", headers=alice.headers)
    assert unknown.status_code == 404
    assert {k: v for k, v in unknown.json().items() if k != "instance"} == {
        k: v for k, v in response.json().items() if k != "instance"
    }


async def test_members_are_listed_and_roles_changed_by_owners_and_admins(
    platform: Platform,
) -> None:
    owner = await register(platform.http)
    editor = await join(platform.http, owner, "editor")
    members = (await platform.http.get("/v1/members", headers=owner.headers)).json()["items"]
    assert [(m["email"], m["role"]) for m in members] == [
        (owner.email, "owner"),
        (editor.email, "editor"),
    ]
    promoted = await platform.http.patch(
        f"/v1/members/{editor.user_id}", json={"role": "admin"}, headers=owner.headers
    )
    assert promoted.status_code == 200 and promoted.json()["role"] == "admin"
    # The former editor's token still says editor; auth re-checks with the stored role.
    as_admin = await platform.http.get("/v1/members", headers=editor.headers)
    assert as_admin.status_code == 200
    viewer = await join(platform.http, owner, "viewer")
    refused = await platform.http.patch(
        f"/v1/members/{editor.user_id}", json={"role": "viewer"}, headers=viewer.headers
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


async def test_admins_cannot_make_owners_nor_touch_them(platform: Platform) -> None:
    owner = await register(platform.http)
    admin = await join(platform.http, owner, "admin")
    editor = await join(platform.http, owner, "editor")
    to_owner = await platform.http.patch(
        f"/v1/members/{editor.user_id}", json={"role": "owner"}, headers=admin.headers
    )
    assert to_owner.status_code == 403 and to_owner.json()["code"] == "role_too_high"
    remove_owner = await platform.http.delete(f"/v1/members/{owner.user_id}", headers=admin.headers)
    assert remove_owner.status_code == 403


async def test_the_last_owner_can_be_neither_removed_nor_demoted(platform: Platform) -> None:
    owner = await register(platform.http)
    demote = await platform.http.patch(
        f"/v1/members/{owner.user_id}", json={"role": "admin"}, headers=owner.headers
    )
    remove = await platform.http.delete(f"/v1/members/{owner.user_id}", headers=owner.headers)
    assert (demote.status_code, remove.status_code) == (409, 409)
    assert demote.json()["code"] == remove.json()["code"] == "last_owner"
    second = await join(platform.http, owner, "admin")
    promoted = await platform.http.patch(
        f"/v1/members/{second.user_id}", json={"role": "owner"}, headers=owner.headers
    )
    assert promoted.status_code == 200
    leave = await platform.http.delete(f"/v1/members/{owner.user_id}", headers=owner.headers)
    assert leave.status_code == 204
    gone = await platform.http.get("/v1/members", headers=owner.headers)
    assert gone.status_code == 404  # a former member sees the workspace as absent
    members = (await platform.http.get("/v1/members", headers=second.headers)).json()["items"]
    assert [(m["user_id"], m["role"]) for m in members] == [(second.user_id, "owner")]


async def test_a_member_of_one_workspace_finds_nothing_of_another(platform: Platform) -> None:
    alice, bob = await register(platform.http), await register(platform.http)
    bob_editor = await join(platform.http, bob, "editor")
    for method, path, body in [
        ("PATCH", f"/v1/members/{bob_editor.user_id}", {"role": "viewer"}),
        ("DELETE", f"/v1/members/{bob_editor.user_id}", None),
        ("PATCH", f"/v1/members/{bob.user_id}", {"role": "viewer"}),
        ("POST", f"/v1/workspaces/{bob.workspace_id}/switch", None),
    ]:
        response = await platform.http.request(method, path, json=body, headers=alice.headers)
        assert response.status_code == 404, (method, path, response.text)
    members = (await platform.http.get("/v1/members", headers=bob.headers)).json()["items"]
    assert {m["role"] for m in members} == {"owner", "editor"}
