"""Idempotency keys on creates: a repeat answers the first media; another request is refused."""

from __future__ import annotations

import msgspec
import pytest

from services.media.bootstrap import MediaService
from shared.contracts import media as contract
from shared.settings import Settings
from shared.tenancy import RequestContext
from tests.media import samples
from tests.media.fakes import FakeResolver
from tests.media.support import StartMedia, call, member, put, refused

pytestmark = pytest.mark.integration


async def _create(
    service: MediaService, ctx: RequestContext, key: str, size: int = 100
) -> contract.CreateUploadReply:
    request = contract.CreateUploadRequest(
        ctx=ctx, filename="a.png", content_type="image/png", size=size, idempotency_key=key
    )
    return await call(service, contract.CREATE_UPLOAD, request, contract.CreateUploadReply)


async def test_a_repeated_create_answers_the_first_media_with_a_fresh_url(
    media: MediaService,
) -> None:
    ctx = member()
    data = samples.png()
    first = await _create(media, ctx, "key-1", size=len(data))
    again = await _create(media, ctx, "key-1", size=len(data))
    assert again.replayed and not first.replayed and again.media.id == first.media.id
    assert again.upload_url != first.upload_url
    stale = await put(first.upload_url, data)
    assert stale.status_code == 409 and stale.json()["code"] == "upload_url_used"
    assert (await put(again.upload_url, data)).status_code == 200
    after = await _create(media, ctx, "key-1", size=len(data))
    assert after.replayed and after.media.id == first.media.id and after.upload_url == ""
    other_workspace = await _create(media, member(), "key-1", size=len(data))
    assert not other_workspace.replayed and other_workspace.media.id != first.media.id


async def test_a_key_reused_for_another_request_is_refused(media: MediaService) -> None:
    ctx = member()
    await _create(media, ctx, "key-2", size=100)
    problem = await refused(_create(media, ctx, "key-2", size=101))
    assert (problem.status, problem.code) == (422, "idempotency_key_reused")


async def test_a_repeated_import_answers_the_first_import(
    start_media: StartMedia, media_settings: Settings
) -> None:
    # Loopback allowed and a closed port: the fetch fails at once and never leaves the host.
    loopback = msgspec.structs.replace(media_settings, media_import_allow_loopback_for_tests=True)
    service = await start_media(settings=loopback, resolver=FakeResolver())
    ctx = member()
    request = contract.ImportMediaRequest(
        ctx=ctx, url="http://127.0.0.1:9/a.png", idempotency_key="imp-1"
    )
    first = await call(service, contract.IMPORT, request, contract.ImportMediaReply)
    again = await call(service, contract.IMPORT, request, contract.ImportMediaReply)
    assert again.replayed and again.media.id == first.media.id
