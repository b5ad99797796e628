"""The public media API through the gateway: credentials fix the tenant, guards the roles."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from nats.js.client import JetStreamContext

from services.media.bootstrap import MediaService
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.auth.helpers import Session, join, register
from tests.auth.platform import identity_settings
from tests.media import samples
from tests.media.gateway import media_gateway
from tests.media.support import StartMedia, put
from tests.support.platform import start_service
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def api(
    media_settings: Settings, telemetry: Telemetry, js: JetStreamContext, start_media: StartMedia
) -> AsyncIterator[tuple[httpx.AsyncClient, MediaService]]:
    settings = identity_settings(media_settings)
    auth = await start_service("auth", settings, telemetry)
    media = await start_media(settings=settings)
    try:
        async with media_gateway(settings, telemetry) as http:
            yield http, media
    finally:
        await auth.stop()


async def _ready(http: httpx.AsyncClient, session: Session, media_id: str) -> dict[str, object]:
    async def probe() -> dict[str, object]:
        answer: dict[str, object] = (
            await http.get(f"/v1/media/{media_id}", headers=session.headers)
        ).json()
        return answer

    return await eventually(
        probe, lambda body: body.get("status") not in ("uploading", "processing")
    )


async def test_upload_read_download_and_delete_through_the_api(
    api: tuple[httpx.AsyncClient, MediaService],
) -> None:
    http, _ = api
    owner = await register(http)
    data = samples.png(12, 8)
    created = await http.post(
        "/v1/media",
        json={"filename": "pic.png", "content_type": "image/png", "size": len(data)},
        headers=owner.headers | {"Idempotency-Key": "k1"},
    )
    assert created.status_code == 201, created.text
    ticket = created.json()
    assert (await put(ticket["upload_url"], data)).status_code == 200
    media_id = ticket["media"]["id"]
    view = await _ready(http, owner, media_id)
    assert view["status"] == "ready" and view["probe"]["width"] == 12  # type: ignore[index]
    page = (await http.get("/v1/media?limit=10", headers=owner.headers)).json()
    assert [item["id"] for item in page["items"]] == [media_id]
    signed = (await http.get(f"/v1/media/{media_id}/content", headers=owner.headers)).json()
    async with httpx.AsyncClient() as outside:
        download = await outside.get(signed["url"])
    assert download.content == data and download.headers["x-content-type-options"] == "nosniff"
    assert (await http.delete(f"/v1/media/{media_id}", headers=owner.headers)).status_code == 204
    gone = await http.get(f"/v1/media/{media_id}", headers=owner.headers)
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"


async def test_the_tenant_comes_from_the_credential_and_roles_are_guarded(
    api: tuple[httpx.AsyncClient, MediaService],
) -> None:
    http, _ = api
    owner = await register(http)
    created = await http.post(
        "/v1/media",
        json={"filename": "a.png", "content_type": "image/png", "size": 10},
        headers=owner.headers,
    )
    media_id = created.json()["media"]["id"]
    stranger = await register(http)
    foreign = await http.get(f"/v1/media/{media_id}", headers=stranger.headers)
    assert foreign.status_code == 404
    viewer = await join(http, owner, "viewer")
    refused = await http.post(
        "/v1/media",
        json={"filename": "a.png", "content_type": "image/png", "size": 10},
        headers=viewer.headers,
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert (await http.get(f"/v1/media/{media_id}", headers=viewer.headers)).status_code == 200
    assert (await http.get("/v1/media")).status_code == 401


async def test_review_gate_and_refusals_keep_their_codes_through_the_gateway(
    api: tuple[httpx.AsyncClient, MediaService],
) -> None:
    http, _ = api
    owner = await register(http)
    on = await http.put("/v1/settings/media", json={"review_required": True}, headers=owner.headers)
    assert on.status_code == 200 and on.json()["review_required"] is True
    editor = await join(http, owner, "editor")
    data = samples.png()
    ticket = (
        await http.post(
            "/v1/media",
            json={"filename": "b.png", "content_type": "image/png", "size": len(data)},
            headers=editor.headers,
        )
    ).json()
    await put(ticket["upload_url"], data)
    media_id = ticket["media"]["id"]
    assert (await _ready(http, editor, media_id))["status"] == "pending_review"
    by_editor = await http.post(
        f"/v1/media/{media_id}/review", json={"decision": "approve"}, headers=editor.headers
    )
    assert by_editor.status_code == 403
    approved = await http.post(
        f"/v1/media/{media_id}/review", json={"decision": "approve"}, headers=owner.headers
    )
    assert approved.status_code == 200 and approved.json()["status"] == "ready"
    blocked = await http.post(
        "/v1/media/import", json={"url": "http://169.254.169.254/"}, headers=owner.headers
    )
    assert blocked.status_code == 422 and blocked.json()["code"] == "import_address_blocked"
    svg = await http.post(
        "/v1/media",
        json={"filename": "x.svg", "content_type": "image/svg+xml", "size": 10},
        headers=owner.headers,
    )
    assert svg.status_code == 415 and svg.json()["code"] == "media_type_not_allowed"
