"""Signed URLs: single use for uploads, expiry and tamper checks, safe download headers."""

from __future__ import annotations

import httpx
import pytest

from services.media.bootstrap import MediaService
from shared.contracts import media as contract
from tests.media import samples
from tests.media.fakes import FakeClock
from tests.media.support import StartMedia, call, create, member, put, upload

pytestmark = pytest.mark.integration


async def test_an_upload_url_works_once(media: MediaService) -> None:
    ctx = member()
    data = samples.png()
    ticket = await create(media, ctx, size=len(data))
    assert (await put(ticket.upload_url, data)).status_code == 200
    again = await put(ticket.upload_url, data)
    assert again.status_code == 409 and again.json()["code"] == "upload_url_used"


async def test_an_expired_upload_url_is_refused(start_media: StartMedia) -> None:
    clock = FakeClock()
    service = await start_media(clock=clock)
    ctx = member()
    ticket = await create(service, ctx, size=10)
    clock.advance(seconds=901)
    response = await put(ticket.upload_url, b"0123456789")
    assert response.status_code == 403 and response.json()["code"] == "signed_url_expired"


async def test_a_tampered_token_is_refused_and_not_echoed(media: MediaService) -> None:
    ctx = member()
    ticket = await create(media, ctx, size=10)
    base, _, token = ticket.upload_url.rpartition("/")
    payload, _, mac = token.partition(".")
    forged = f"{base}/{payload[:-2]}AA.{mac}"
    response = await put(forged, b"0123456789")
    problem = response.json()
    assert response.status_code == 403 and problem["code"] == "signed_url_invalid"
    assert token not in response.text and problem["instance"] == "/uploads/…"


async def test_downloads_are_attachments_that_browsers_must_not_sniff(media: MediaService) -> None:
    ctx = member()
    data = samples.png(10, 10)
    view = await upload(media, ctx, data, filename='holiday "best".png')
    signed = await call(
        media,
        contract.SIGN_DOWNLOAD,
        contract.SignDownloadRequest(ctx=ctx, media_id=view.id, ttl_s=60),
        contract.SignedUrlReply,
    )
    async with httpx.AsyncClient() as http:
        response = await http.get(signed.url)
        head = await http.head(signed.url)
    assert response.status_code == 200 and response.content == data
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "private, no-store"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''holiday%20%22best%22.png" in disposition
    assert head.status_code == 200 and head.headers["content-length"] == str(len(data))
    assert head.content == b"" and head.headers["content-type"] == "image/png"


async def test_download_urls_expire(start_media: StartMedia) -> None:
    clock = FakeClock()
    service = await start_media(clock=clock)
    ctx = member()
    view = await upload(service, ctx, samples.png())
    signed = await call(
        service,
        contract.SIGN_DOWNLOAD,
        contract.SignDownloadRequest(ctx=ctx, media_id=view.id, ttl_s=30),
        contract.SignedUrlReply,
    )
    clock.advance(seconds=31)
    async with httpx.AsyncClient() as http:
        response = await http.get(signed.url)
    assert response.status_code == 403 and response.json()["code"] == "signed_url_expired"


async def test_an_upload_url_is_not_a_download_url(media: MediaService) -> None:
    ctx = member()
    data = samples.png()
    ticket = await create(media, ctx, size=len(data))
    download_url = ticket.upload_url.replace("/uploads/", "/downloads/")
    async with httpx.AsyncClient() as http:
        response = await http.get(download_url)
    assert response.status_code == 403 and response.json()["code"] == "signed_url_invalid"


async def test_open_stream_gives_an_internal_url_for_ready_media_only(
    media: MediaService,
) -> None:
    ctx = member()
    ticket = await create(media, ctx, size=10)
    request = contract.MediaIdRequest(ctx=ctx, media_id=ticket.media.id)
    with pytest.raises(Exception, match="media is uploading"):
        await call(media, contract.OPEN_STREAM, request, contract.SignedUrlReply)
    view = await upload(media, ctx, samples.png())
    request = contract.MediaIdRequest(ctx=ctx, media_id=view.id)
    signed = await call(media, contract.OPEN_STREAM, request, contract.SignedUrlReply)
    async with httpx.AsyncClient() as http:
        assert (await http.get(signed.url)).content == samples.png()
