"""Register, login, refresh, logout and /v1/me through the real gateway and auth service."""

from __future__ import annotations

import pytest

from tests.auth.helpers import PASSWORD, bearer, register, unique_email
from tests.auth.platform import Platform

pytestmark = pytest.mark.integration


async def test_registration_answers_the_user_the_workspace_and_working_tokens(
    platform: Platform,
) -> None:
    email = unique_email()
    response = await platform.http.post(
        "/v1/auth/register",
        json={"email": email.upper(), "password": PASSWORD, "workspace_name": "Studio"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["user"]["email"] == email
    assert body["workspace"] == {**body["workspace"], "name": "Studio", "role": "owner"}
    tokens = body["tokens"]
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 900
    assert tokens["refresh_token"].startswith("gmr_")
    me = await platform.http.get("/v1/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 200
    assert me.json()["current_workspace"]["id"] == body["workspace"]["id"]


async def test_a_duplicate_email_is_409_whatever_its_case(platform: Platform) -> None:
    session = await register(platform.http)
    again = await platform.http.post(
        "/v1/auth/register", json={"email": f"  {session.email.upper()}", "password": PASSWORD}
    )
    # The leading spaces fail the schema's shape; the plain upper-case address is the duplicate.
    assert again.status_code == 400
    duplicate = await platform.http.post(
        "/v1/auth/register", json={"email": session.email.upper(), "password": PASSWORD}
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "email_taken"


async def test_a_weak_password_is_422_listing_every_reason(platform: Platform) -> None:
    email = unique_email()
    response = await platform.http.post(
        "/v1/auth/register", json={"email": email, "password": email}
    )
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "weak_password"
    assert [e["reason"] for e in problem["errors"]] == ["same_as_email"]
    short = await platform.http.post(
        "/v1/auth/register", json={"email": unique_email(), "password": "short"}
    )
    assert [e["reason"] for e in short.json()["errors"]] == ["too_short"]


async def test_wrong_credentials_get_one_generic_401(platform: Platform) -> None:
    session = await register(platform.http)
    wrong_password = await platform.http.post(
        "/v1/auth/login", json={"email": session.email, "password": "not the password"}
    )
    unknown = await platform.http.post(
        "/v1/auth/login", json={"email": unique_email(), "password": "not the password"}
    )
    assert wrong_password.status_code == unknown.status_code == 401
    strip = {"instance"}
    assert {k: v for k, v in wrong_password.json().items() if k not in strip} == {
        k: v for k, v in unknown.json().items() if k not in strip
    }


async def test_login_gives_tokens_for_the_users_workspace(platform: Platform) -> None:
    session = await register(platform.http)
    response = await platform.http.post(
        "/v1/auth/login", json={"email": session.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["workspace_id"] == session.workspace_id
    assert response.json()["role"] == "owner"


async def test_refresh_rotates_and_reusing_the_old_token_revokes_the_family(
    platform: Platform,
) -> None:
    session = await register(platform.http)
    old = session.refresh_token
    first = await platform.http.post("/v1/auth/refresh", json={"refresh_token": old})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != old
    reuse = await platform.http.post("/v1/auth/refresh", json={"refresh_token": old})
    assert reuse.status_code == 401 and reuse.json()["code"] == "refresh_token_reused"
    # The legitimate holder's newest token died with the family.
    after = await platform.http.post("/v1/auth/refresh", json={"refresh_token": rotated})
    assert after.status_code == 401 and after.json()["code"] == "invalid_refresh_token"


async def test_logout_revokes_the_family(platform: Platform) -> None:
    session = await register(platform.http)
    out = await platform.http.post("/v1/auth/logout", json={"refresh_token": session.refresh_token})
    assert out.status_code == 204
    refused = await platform.http.post(
        "/v1/auth/refresh", json={"refresh_token": session.refresh_token}
    )
    assert refused.status_code == 401
    unknown = await platform.http.post("/v1/auth/logout", json={"refresh_token": "gmr_x.ses_y"})
    assert unknown.status_code == 204  # says nothing about tokens it does not know


async def test_me_lists_memberships_and_the_accepted_policy_version(platform: Platform) -> None:
    session = await register(platform.http)
    created = await platform.http.post(
        "/v1/workspaces", json={"name": "Second"}, headers=session.headers
    )
    assert created.status_code == 201
    me = (await platform.http.get("/v1/me", headers=session.headers)).json()
    assert me["user"] == {**me["user"], "id": session.user_id, "email": session.email}
    assert [m["name"] for m in me["memberships"]] == ["My workspace", "Second"]
    assert me["current_workspace"]["id"] == session.workspace_id
    version = platform.settings.privacy_policy_version
    assert me["privacy"]["current_version"] == me["privacy"]["accepted_version"] == version
    assert me["privacy"]["accepted_at"]


async def test_protected_endpoints_need_a_bearer_credential(platform: Platform) -> None:
    for headers in ({}, {"Authorization": "Basic abc"}, bearer("not-a-token")):
        response = await platform.http.get("/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["code"] == "unauthenticated"
