"""Uploads through the data plane: the happy path, and every refusal with nothing stored."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from nats.js.client import JetStreamContext

from services.media.adapters.s3_blob_storage import S3BlobStorage
from services.media.bootstrap import MediaService
from shared.contracts import media as contract
from shared.tenancy import RequestContext
from tests.media import samples
from tests.media.conftest import BUCKET
from tests.media.fakes import FakeBlobStorage
from tests.media.support import (
    StartMedia,
    call,
    chunked,
    create,
    member,
    payload,
    put,
    refused,
    upload,
)
from tests.support.events import read_all
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def test_an_image_is_streamed_measured_and_announced_ready(
    media: MediaService, js: JetStreamContext
) -> None:
    ctx = member()
    data = samples.png(32, 24)
    view = await upload(media, ctx, data, filename="Été à Paris.png")
    assert view.status == "ready" and view.kind == "image"
    assert view.size == len(data) and view.sha256 == hashlib.sha256(data).hexdigest()
    assert view.probe is not None and (view.probe.width, view.probe.height) == (32, 24)
    events = await eventually(
        lambda: read_all(js, f"evt.media.ready.{ctx.tenant_id}"), lambda found: len(found) == 1
    )
    ready = payload(events[0])
    assert ready["media_id"] == view.id and ready["probe"]["width"] == 32
    uploaded = await read_all(js, f"evt.media.uploaded.{ctx.tenant_id}")
    assert payload(uploaded[0])["sha256"] == view.sha256


async def test_the_size_is_enforced_mid_stream_and_partial_bytes_are_removed(
    media: MediaService,
) -> None:
    ctx = member()
    data = samples.png(64, 64)
    ticket = await create(media, ctx, size=len(data))
    response = await put(ticket.upload_url, chunked(data + b"\0" * 20_000))
    assert response.status_code == 413
    assert response.json()["code"] == "upload_size_exceeded"
    await _assert_rejected_without_bytes(media, ctx, ticket.media.id, "upload_size_exceeded")


async def test_a_content_length_above_the_declared_size_is_refused_before_reading(
    media: MediaService,
) -> None:
    ctx = member()
    data = samples.png()
    ticket = await create(media, ctx, size=len(data) - 1)
    response = await put(ticket.upload_url, data)
    assert response.status_code == 413 and response.json()["code"] == "upload_size_exceeded"
    await _assert_rejected_without_bytes(media, ctx, ticket.media.id, "upload_size_exceeded")


async def test_fewer_bytes_than_declared_is_an_incomplete_upload(media: MediaService) -> None:
    ctx = member()
    data = samples.png()
    ticket = await create(media, ctx, size=len(data) + 10)
    response = await put(ticket.upload_url, chunked(data))
    assert response.status_code == 400 and response.json()["code"] == "upload_incomplete"
    await _assert_rejected_without_bytes(media, ctx, ticket.media.id, "upload_incomplete")


@pytest.mark.parametrize(
    ("declared", "body"),
    [
        ("image/png", samples.HTML_PAGE),
        ("image/png", samples.SVG_IMAGE),
        ("image/jpeg", samples.image("PNG")),
        ("video/mp4", samples.image("GIF")),
        ("image/gif", b"GIF8"),
    ],
    ids=["html-as-png", "svg-as-png", "png-as-jpeg", "gif-as-mp4", "four-bytes"],
)
async def test_content_whose_magic_bytes_do_not_match_the_declared_type_is_refused(
    media: MediaService, declared: str, body: bytes
) -> None:
    ctx = member()
    ticket = await create(media, ctx, content_type=declared, size=len(body))
    response = await put(ticket.upload_url, body)
    assert response.status_code == 415 and response.json()["code"] == "media_type_mismatch"
    await _assert_rejected_without_bytes(media, ctx, ticket.media.id, "media_type_mismatch")


@pytest.mark.parametrize(
    "declared", ["text/html", "image/svg+xml", "application/octet-stream", "image/x-icon"]
)
async def test_types_off_the_list_are_refused_before_any_upload(
    media: MediaService, declared: str
) -> None:
    ctx = member()
    problem = await refused(create(media, ctx, content_type=declared, size=100))
    assert (problem.status, problem.code) == (415, "media_type_not_allowed")
    await _assert_nothing_recorded(media, ctx)


@pytest.mark.parametrize(
    "filename",
    [
        "../../etc/passwd.png",
        "..\\..\\boot.png",
        "uploads/photo.png",
        ".htaccess",
        "photo\x00.png",
        "line\nbreak.png",
        "bell\x07.png",
        "invoice\u202egnp.exe",
        "",
        "a" * 300 + ".png",
    ],
    ids=["traversal", "windows-traversal", "separator", "dotfile", "nul", "newline", "bell",
         "bidi-override", "empty", "too-long"],
)  # fmt: skip
async def test_names_with_traversal_or_control_characters_are_refused(
    media: MediaService, filename: str
) -> None:
    ctx = member()
    problem = await refused(create(media, ctx, filename=filename, size=100))
    assert (problem.status, problem.code) == (422, "invalid_filename")
    await _assert_nothing_recorded(media, ctx)


async def test_zero_bytes_are_refused(media: MediaService) -> None:
    ctx = member()
    problem = await refused(create(media, ctx, size=0))
    assert (problem.status, problem.code) == (422, "empty_file")
    await _assert_nothing_recorded(media, ctx)


async def test_a_declared_size_above_the_cap_is_refused(media: MediaService) -> None:
    ctx = member()
    problem = await refused(create(media, ctx, size=10 * 1024 * 1024))
    assert (problem.status, problem.code) == (413, "media_too_large")


async def _assert_rejected_without_bytes(
    service: MediaService, ctx: RequestContext, media_id: str, reason: str
) -> None:
    view = await call(
        service, contract.GET, contract.MediaIdRequest(ctx=ctx, media_id=media_id),
        contract.MediaView,
    )  # fmt: skip
    assert (view.status, view.reason) == ("rejected", reason)
    assert await service.ctx.storage.keys(str(ctx.tenant_id)) == []


async def _assert_nothing_recorded(service: MediaService, ctx: RequestContext) -> None:
    page = await call(
        service, contract.LIST, contract.ListMediaRequest(ctx=ctx), contract.MediaPage
    )
    assert page.items == []
    assert await service.ctx.storage.keys(str(ctx.tenant_id)) == []
    assert isinstance(service.ctx.storage, FakeBlobStorage)


async def test_a_client_that_disconnects_mid_body_leaves_no_bytes(media: MediaService) -> None:
    ctx = member()
    ticket = await create(media, ctx, size=500_000)
    parts = urlsplit(ticket.upload_url)
    _, writer = await asyncio.open_connection(parts.hostname, parts.port)
    head = f"PUT {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Length: 500000\r\n\r\n"
    writer.write(head.encode() + samples.png() + b"\0" * 100_000)
    await writer.drain()
    writer.close()
    await _assert_rejected_eventually(media, ctx, ticket.media.id, "upload_incomplete")


async def test_the_s3_adapter_serves_the_whole_pipeline(
    start_media: StartMedia, s3_client: Any, tmp_path: Path
) -> None:
    service = await start_media(storage=S3BlobStorage(s3_client, BUCKET, temp_dir=tmp_path))
    ctx = member()
    clip = samples.video(tmp_path)
    view = await upload(service, ctx, clip, filename="clip.mp4", content_type="video/mp4")
    assert view.status == "ready" and view.probe is not None and view.probe.codec == "h264"
    assert await service.ctx.storage.keys(str(ctx.tenant_id)) == [f"{ctx.tenant_id}/{view.id}"]
    signed = await call(
        service,
        contract.SIGN_DOWNLOAD,
        contract.SignDownloadRequest(ctx=ctx, media_id=view.id),
        contract.SignedUrlReply,
    )
    async with httpx.AsyncClient() as http:
        assert (await http.get(signed.url)).content == clip


async def _assert_rejected_eventually(
    service: MediaService, ctx: RequestContext, media_id: str, reason: str
) -> None:
    request = contract.MediaIdRequest(ctx=ctx, media_id=media_id)
    view = await eventually(
        lambda: call(service, contract.GET, request, contract.MediaView),
        lambda found: found.status == "rejected",
    )
    assert view.reason == reason
    assert await service.ctx.storage.keys(str(ctx.tenant_id)) == []
