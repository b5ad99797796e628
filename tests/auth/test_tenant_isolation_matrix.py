"""Generated from the gateway's OpenAPI document: every path with an id parameter, every method,
called with another workspace's user credential on this workspace's real ids, answers 404 and
leaks nothing. With that workspace's API key the answer must also be exactly the answer for a
random id (user-only routes refuse API keys with 403 whatever the id: no oracle either way).
Endpoints added by later issues join the matrix automatically; ids of kinds not known here are
random (and must 404 just the same)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shared.telemetry import Telemetry
from tests.auth.helpers import Session, bearer, invite, join, register, unique_email
from tests.auth.openapi_examples import (
    HTTP_METHODS,
    Examples,
    collection_of,
    is_id_parameter,
    path_parameters,
    random_id,
)
from tests.auth.platform import Platform, module_settings, running

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def platform(
    nats_url: str, mongo_url: str, tmp_path_factory: pytest.TempPathFactory, telemetry: Telemetry
) -> AsyncIterator[Platform]:
    """Every service that owns resources reachable by id, behind the real gateway."""
    settings = module_settings(nats_url, mongo_url, tmp_path_factory.mktemp("matrix"))
    async with running(settings, telemetry, also=("media", "publisher", "audit")) as started:
        yield started


class FirstWorkspace:
    """Workspace A with one of everything; `ids` are its real ids by path collection."""

    def __init__(self, owner: Session, member: Session, key: dict[str, Any], token: str) -> None:
        self.owner, self.member, self.key, self.token = owner, member, key, token
        self.ids = {
            "workspaces": owner.workspace_id,
            "members": member.user_id,
            "api-keys": key["id"],
            "invitations": token,
        }
        self.secrets = {
            owner.workspace_id,
            owner.user_id,
            owner.email,
            member.user_id,
            member.email,
            key["id"],
            key["prefix"],
            key["key"],
            token,
        }


async def first_workspace(platform: Platform, invitee: Session) -> FirstWorkspace:
    owner = await register(platform.http, workspace_name="Alpha " + random_id())
    member = await join(platform.http, owner, "editor")
    key = await platform.http.post(
        "/v1/api-keys", json={"name": "alpha-ci", "role": "editor"}, headers=owner.headers
    )
    token = await invite(platform.http, owner, invitee.email, "viewer")
    return FirstWorkspace(owner, member, key.json(), token)


def _code(response: Any) -> str:
    try:
        return str(response.json().get("code", ""))
    except ValueError:
        return ""


def leaks(response_text: str, secrets: set[str]) -> set[str]:
    """A's identifiers in the answer, ignoring the problem's `instance` (our own URL echoed)."""
    try:
        body = json.loads(response_text) if response_text else {}
    except ValueError:
        body = response_text
    if isinstance(body, dict):
        body.pop("instance", None)
    text = json.dumps(body)
    return {secret for secret in secrets if secret and secret in text}


Call = tuple[str, str, str, Any]  # method, URL with A's ids, URL with random ids, body


def id_calls(
    document: dict[str, Any], alpha: FirstWorkspace
) -> tuple[list[Call], set[str], list[str]]:
    """Every (method, path with an id parameter) of the document, filled with A's real ids."""
    examples = Examples(document)
    calls: list[Call] = []
    random_kinds: set[str] = set()
    without_ids: list[str] = []
    for path, operations in sorted(document["paths"].items()):
        names = path_parameters(path)
        if not any(is_id_parameter(n) for n in names):
            if names:
                without_ids.append(path)
            continue
        url, twin = path, path
        for name in names:
            kind = collection_of(path, name)
            value = alpha.ids.get(kind)
            if value is None:
                random_kinds.add(f"{kind}/{{{name}}}")
                value = random_id()
            url = url.replace("{" + name + "}", value)
            twin = twin.replace("{" + name + "}", random_id())
        for method in (m for m in operations if m in HTTP_METHODS):
            calls.append((method.upper(), url, twin, examples.request_body(operations[method])))
    return calls, random_kinds, without_ids


async def test_another_workspaces_credential_finds_nothing_by_id_anywhere(
    platform: Platform, request: pytest.FixtureRequest
) -> None:
    invitee = await register(platform.http, email=unique_email("invitee"))
    alpha = await first_workspace(platform, invitee)
    beta = await register(platform.http)
    beta_key = await platform.http.post(
        "/v1/api-keys", json={"name": "beta", "role": "owner"}, headers=beta.headers
    )
    credentials = {"beta user": beta.headers, "beta API key": bearer(beta_key.json()["key"])}
    document = (await platform.http.get("/schema/openapi.json")).json()
    calls, random_kinds, without_ids = id_calls(document, alpha)
    assert len(calls) >= 5, calls  # today: switch, members PATCH/DELETE, accept, api-key DELETE
    request.node.user_properties.append(("random_id_kinds", sorted(random_kinds)))
    request.node.user_properties.append(("paths_without_id_parameters", without_ids))

    failures = []
    for who, headers in credentials.items():
        for method, url, twin, body in calls:
            real = await platform.http.request(method, url, json=body, headers=headers)
            unknown = await platform.http.request(method, twin, json=body, headers=headers)
            found = leaks(real.text, alpha.secrets)
            same = (real.status_code, _code(real)) == (unknown.status_code, _code(unknown))
            expected = real.status_code == 404 or (who != "beta user" and real.status_code == 403)
            if not (expected and same) or found:
                failures.append((who, method, url, real.status_code, _code(real), sorted(found)))
    assert failures == []
    await assert_first_workspace_untouched(platform, alpha, invitee)


async def assert_first_workspace_untouched(
    platform: Platform, alpha: FirstWorkspace, invitee: Session
) -> None:
    """The ids were real: A's own people can still use every one of them."""
    http, owner = platform.http, alpha.owner
    members = (await http.get("/v1/members", headers=owner.headers)).json()["items"]
    assert (alpha.member.user_id, "editor") in [(m["user_id"], m["role"]) for m in members]
    keys = (await http.get("/v1/api-keys", headers=owner.headers)).json()["items"]
    assert [k["id"] for k in keys] == [alpha.key["id"]]
    switched = await http.post(f"/v1/workspaces/{owner.workspace_id}/switch", headers=owner.headers)
    assert switched.status_code == 200
    accepted = await http.post(f"/v1/invitations/{alpha.token}/accept", headers=invitee.headers)
    assert accepted.status_code == 200
    revoked = await http.delete(f"/v1/api-keys/{alpha.key['id']}", headers=owner.headers)
    assert revoked.status_code == 204
