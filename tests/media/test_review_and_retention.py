"""The review gate, probing rejections, and retention: bytes and records go together."""

from __future__ import annotations

from pathlib import Path

import pytest
from nats.js.client import JetStreamContext

from services.media.app.purge_expired import purge_expired
from services.media.bootstrap import MediaService
from shared.contracts import media as contract
from shared.tenancy import RequestContext
from tests.media import samples
from tests.media.fakes import FakeClock
from tests.media.support import StartMedia, call, member, payload, refused, upload
from tests.support.events import read_all
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def _require_review(service: MediaService, owner: RequestContext) -> None:
    request = contract.SetMediaSettingsRequest(ctx=owner, review_required=True)
    await call(service, contract.SET_SETTINGS, request, contract.MediaSettingsView)


async def test_with_review_on_media_waits_until_an_owner_approves(
    media: MediaService, js: JetStreamContext
) -> None:
    owner = member("owner")
    await _require_review(media, owner)
    editor = member("editor", tenant=owner.tenant_id)
    view = await upload(media, editor, samples.png())
    assert view.status == "pending_review"
    approve = contract.ReviewMediaRequest(ctx=editor, media_id=view.id, decision="approve")
    problem = await refused(call(media, contract.REVIEW, approve, contract.MediaView))
    assert (problem.status, problem.code) == (403, "forbidden")
    stream = contract.MediaIdRequest(ctx=editor, media_id=view.id)
    problem = await refused(call(media, contract.OPEN_STREAM, stream, contract.SignedUrlReply))
    assert problem.code == "media_not_ready"
    approve = contract.ReviewMediaRequest(ctx=owner, media_id=view.id, decision="approve")
    approved = await call(media, contract.REVIEW, approve, contract.MediaView)
    assert approved.status == "ready"
    again = await refused(call(media, contract.REVIEW, approve, contract.MediaView))
    assert (again.status, again.code) == (409, "media_not_pending_review")
    events = await eventually(
        lambda: read_all(js, f"evt.media.ready.{owner.tenant_id}"), lambda found: len(found) == 1
    )
    assert payload(events[0])["actor"] == owner.actor


async def test_a_rejection_needs_a_reason_and_removes_the_bytes(
    media: MediaService, js: JetStreamContext
) -> None:
    owner = member("owner")
    await _require_review(media, owner)
    admin = member("admin", tenant=owner.tenant_id)
    view = await upload(media, admin, samples.png())
    bare = contract.ReviewMediaRequest(ctx=admin, media_id=view.id, decision="reject")
    assert (await refused(call(media, contract.REVIEW, bare, dict))).code == "invalid_request"
    reject = contract.ReviewMediaRequest(
        ctx=admin, media_id=view.id, decision="reject", reason="off-brand colours"
    )
    rejected = await call(media, contract.REVIEW, reject, contract.MediaView)
    assert (rejected.status, rejected.reason) == ("rejected", "rejected_in_review")
    assert rejected.reason_detail == "off-brand colours"
    assert await media.ctx.storage.keys(str(admin.tenant_id)) == []
    events = await eventually(
        lambda: read_all(js, f"evt.media.rejected.{admin.tenant_id}"), lambda f: len(f) == 1
    )
    assert payload(events[0])["reason"] == "rejected_in_review"


async def test_a_pixel_flood_upload_is_rejected_and_its_bytes_removed(media: MediaService) -> None:
    ctx = member()
    view = await upload(media, ctx, samples.pixel_flood_png())
    assert (view.status, view.reason) == ("rejected", "image_too_many_pixels")
    assert await media.ctx.storage.keys(str(ctx.tenant_id)) == []


async def test_a_truncated_video_upload_is_rejected_and_its_bytes_removed(
    media: MediaService, tmp_path: Path
) -> None:
    ctx = member()
    whole = samples.video(tmp_path, faststart=True)
    view = await upload(
        media, ctx, whole[: len(whole) * 3 // 4], filename="clip.mp4", content_type="video/mp4"
    )
    assert (view.status, view.reason) == ("rejected", "video_truncated")
    assert await media.ctx.storage.keys(str(ctx.tenant_id)) == []
    good = await upload(media, ctx, whole, filename="clip.mp4", content_type="video/mp4")
    assert good.status == "ready" and good.probe is not None
    assert (good.probe.codec, good.probe.fps, good.probe.width) == ("h264", 10.0, 64)


async def test_unattached_uploads_are_purged_after_the_ttl_with_their_bytes(
    start_media: StartMedia, js: JetStreamContext
) -> None:
    clock = FakeClock()
    service = await start_media(clock=clock)
    ctx = member()
    kept = await upload(service, ctx, samples.png())
    expired = await upload(service, ctx, samples.png(4, 4))
    attach = contract.AttachMediaRequest(ctx=ctx, media_ids=[kept.id, "med_missing"], post_id="p1")
    attached = await call(service, contract.ATTACH, attach, contract.DescribeMediaReply)
    assert [m.id for m in attached.items] == [kept.id] and attached.missing == ["med_missing"]
    clock.advance(hours=23)
    assert (await purge_expired(service.ctx)).unattached == 0
    clock.advance(hours=2)
    report = await purge_expired(service.ctx)
    assert (report.unattached, report.blobs_removed) == (1, 0)
    assert await service.ctx.storage.keys(str(ctx.tenant_id)) == [f"{ctx.tenant_id}/{kept.id}"]
    page = await call(
        service, contract.LIST, contract.ListMediaRequest(ctx=ctx), contract.MediaPage
    )
    assert [m.id for m in page.items] == [kept.id]
    events = await eventually(
        lambda: read_all(js, f"evt.media.deleted.{ctx.tenant_id}"), lambda f: len(f) == 1
    )
    deleted = payload(events[0])
    assert (deleted["media_id"], deleted["cause"]) == (expired.id, "unattached_expired")
    # Once the event is published the tombstone itself goes: nothing of the record is left.
    await eventually(
        lambda: purge_expired(service.ctx), lambda r: r.tombstones_forgotten == 1, within_s=5
    )
    assert await service.app.db["media"].count_documents({"_id": expired.id}) == 0


async def test_attached_media_follows_the_workspace_retention_period(
    start_media: StartMedia, js: JetStreamContext
) -> None:
    clock = FakeClock()
    service = await start_media(clock=clock)
    owner = member("owner")
    view = await upload(service, owner, samples.png())
    attach = contract.AttachMediaRequest(ctx=owner, media_ids=[view.id], post_id="p1")
    await call(service, contract.ATTACH, attach, contract.DescribeMediaReply)
    settings = contract.SetMediaSettingsRequest(ctx=owner, review_required=False, retention_days=30)
    await call(service, contract.SET_SETTINGS, settings, contract.MediaSettingsView)
    clock.advance(days=29)
    assert (await purge_expired(service.ctx)).retention == 0
    clock.advance(days=2)
    assert (await purge_expired(service.ctx)).retention == 1
    assert await service.ctx.storage.keys(str(owner.tenant_id)) == []
    events = await eventually(
        lambda: read_all(js, f"evt.media.deleted.{owner.tenant_id}"), lambda f: len(f) == 1
    )
    assert payload(events[0])["cause"] == "retention_expired"


async def test_deleting_removes_record_and_bytes_and_announces_it(
    media: MediaService, js: JetStreamContext
) -> None:
    ctx = member()
    view = await upload(media, ctx, samples.png())
    request = contract.MediaIdRequest(ctx=ctx, media_id=view.id)
    await call(media, contract.DELETE, request, contract.DeletedReply)
    assert (await refused(call(media, contract.GET, request, dict))).code == "not_found"
    assert (await refused(call(media, contract.DELETE, request, dict))).code == "not_found"
    assert await media.ctx.storage.keys(str(ctx.tenant_id)) == []
    events = await eventually(
        lambda: read_all(js, f"evt.media.deleted.{ctx.tenant_id}"), lambda f: len(f) == 1
    )
    assert payload(events[0])["cause"] == "deleted"
