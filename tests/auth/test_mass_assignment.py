"""Tenant, owner and role fields smuggled into bodies are ignored: only the credential counts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.auth.helpers import PASSWORD, bearer, join, register, unique_email
from tests.auth.platform import Platform

pytestmark = pytest.mark.integration


def smuggled(target_workspace: str, target_user: str) -> dict[str, Any]:
    return {
        "tid": target_workspace,
        "tenant_id": target_workspace,
        "workspace_id": target_workspace,
        "owner": target_user,
        "user_id": target_user,
        "ctx": {"tenant_id": target_workspace, "actor": target_user, "role": "owner"},
    }


async def test_sign_up_and_sign_in_ignore_tenant_and_role_fields(platform: Platform) -> None:
    victim = await register(platform.http)
    email = unique_email()
    body = {"email": email, "password": PASSWORD, "role": "viewer"}
    registered = await platform.http.post(
        "/v1/auth/register", json=body | smuggled(victim.workspace_id, victim.user_id)
    )
    assert registered.status_code == 201
    workspace = registered.json()["workspace"]
    assert workspace["id"] != victim.workspace_id and workspace["role"] == "owner"
    login = await platform.http.post(
        "/v1/auth/login",
        json={"email": email, "password": PASSWORD, "role": "owner"}
        | smuggled(victim.workspace_id, victim.user_id),
    )
    assert login.json()["workspace_id"] == workspace["id"]
    victims = (await platform.http.get("/v1/members", headers=victim.headers)).json()["items"]
    assert [m["user_id"] for m in victims] == [victim.user_id]


async def test_creations_land_in_the_credentials_workspace_whatever_the_body_says(
    platform: Platform,
) -> None:
    attacker, victim = await register(platform.http), await register(platform.http)
    extra = smuggled(victim.workspace_id, victim.user_id)
    workspace = await platform.http.post(
        "/v1/workspaces", json={"name": "Mine", "role": "viewer"} | extra, headers=attacker.headers
    )
    assert workspace.status_code == 201 and workspace.json()["role"] == "owner"
    assert workspace.json()["id"] != victim.workspace_id
    key = await platform.http.post(
        "/v1/api-keys", json={"name": "k", "role": "viewer"} | extra, headers=attacker.headers
    )
    assert key.status_code == 201
    seen = await platform.http.get("/v1/members", headers=bearer(key.json()["key"]))
    assert [m["user_id"] for m in seen.json()["items"]] == [attacker.user_id]
    invitee = await register(platform.http)
    invited = await platform.http.post(
        "/v1/invitations",
        json={"email": invitee.email, "role": "viewer"} | extra,
        headers=attacker.headers,
    )
    token = invited.json()["link"].split("/v1/invitations/")[1].split("/")[0]
    joined = await platform.http.post(f"/v1/invitations/{token}/accept", headers=invitee.headers)
    assert joined.json()["id"] == attacker.workspace_id
    assert (await platform.http.get("/v1/api-keys", headers=victim.headers)).json()["items"] == []
    victims = (await platform.http.get("/v1/members", headers=victim.headers)).json()["items"]
    assert [m["user_id"] for m in victims] == [victim.user_id]


async def test_a_role_change_touches_only_the_member_in_the_path(platform: Platform) -> None:
    owner, victim = await register(platform.http), await register(platform.http)
    editor = await join(platform.http, owner, "editor")
    changed = await platform.http.patch(
        f"/v1/members/{editor.user_id}",
        json={"role": "viewer"} | smuggled(victim.workspace_id, victim.user_id),
        headers=owner.headers,
    )
    assert changed.status_code == 200 and changed.json()["user_id"] == editor.user_id
    victims = (await platform.http.get("/v1/members", headers=victim.headers)).json()["items"]
    assert [(m["user_id"], m["role"]) for m in victims] == [(victim.user_id, "owner")]
