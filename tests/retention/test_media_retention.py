"""Media is kept for the workspace's window after its last publish, then goes with its bytes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from nats.js.client import JetStreamContext

from services.media.adapters.mongo_publish_marks import MongoPublishMarks
from services.media.adapters.mongo_retention_copy import MongoRetentionCopy
from services.media.app.retention_purge import enforce_retention
from shared.contracts import media as contract
from shared.contracts.disclosures import Disclosure, PublisherDataDisclosed
from tests.media import samples
from tests.media.fakes import FakeClock
from tests.media.support import StartMedia, call, member, upload
from tests.retention.events import emit, retention_changed
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


def sent(tenant_id: str, media_ids: list[str], clock: FakeClock) -> PublisherDataDisclosed:
    return PublisherDataDisclosed(
        tenant_id=tenant_id,
        occurred_at=clock.now(),
        disclosure=Disclosure(
            provider="tiktok",
            connection_id="con_1",
            categories=["account_identifier", "media_image"],
            post_id="pst_1",
            target_id="tgt_1",
            media_ids=media_ids,
            attempt=1,
        ),
    )


async def test_published_media_goes_with_its_bytes_once_the_window_after_publish_is_over(
    start_media: StartMedia, js: JetStreamContext
) -> None:
    clock = FakeClock()
    service = await start_media(clock=clock)
    owner = member("owner")
    tenant = str(owner.tenant_id)
    published = await upload(service, owner, samples.png())
    waiting = await upload(service, owner, samples.png(4, 4))  # attached, never sent
    attach = contract.AttachMediaRequest(
        ctx=owner, media_ids=[published.id, waiting.id], post_id="pst_1"
    )
    await call(service, contract.ATTACH, attach, contract.DescribeMediaReply)
    copy, marks = MongoRetentionCopy(service.app.db), MongoPublishMarks(service.app.db)

    change = retention_changed(tenant, media_days=10)
    await emit(js, change)
    await emit(js, change, msg_id="redelivered")  # the inbox applies it once
    await eventually(lambda: copy.get(tenant_id=tenant), lambda w: w.after_publish_days == 10)
    clock.advance(days=3)
    await emit(js, sent(tenant, [published.id], clock))
    await eventually(lambda: marks.tenants(), lambda found: found == [tenant])

    clock.advance(days=9)  # 9 days after the publish: inside the window
    assert (await enforce_retention(service.ctx, copy, marks)).after_publish == 0
    clock.advance(days=2)
    report = await enforce_retention(service.ctx, copy, marks)
    assert report.after_publish == 1
    keys = await service.ctx.storage.keys(tenant)
    assert keys == [f"{tenant}/{waiting.id}"]
    page = await call(
        service, contract.LIST, contract.ListMediaRequest(ctx=owner), contract.MediaPage
    )
    assert [m.id for m in page.items] == [waiting.id]


async def test_a_later_send_restarts_the_window_and_an_older_change_never_wins(
    start_media: StartMedia, js: JetStreamContext
) -> None:
    clock = FakeClock()
    service = await start_media(clock=clock)
    owner = member("owner")
    tenant = str(owner.tenant_id)
    view = await upload(service, owner, samples.png())
    attach = contract.AttachMediaRequest(ctx=owner, media_ids=[view.id], post_id="pst_1")
    await call(service, contract.ATTACH, attach, contract.DescribeMediaReply)
    copy, marks = MongoRetentionCopy(service.app.db), MongoPublishMarks(service.app.db)
    newer = retention_changed(tenant, media_days=5, at=clock.now())
    older = retention_changed(tenant, media_days=300, at=clock.now() - timedelta(hours=1))
    await emit(js, newer)
    await emit(js, older)  # arrives late: the settings it carries were already replaced
    first, second = sent(tenant, [view.id], clock), None
    await emit(js, first)
    await eventually(lambda: marks.tenants(), lambda found: found == [tenant])
    clock.advance(days=4)
    second = sent(tenant, [view.id], clock)
    await emit(js, second)
    await emit(js, first, msg_id="late-copy")  # an earlier send never moves the mark back

    async def stored_mark() -> int:
        doc = await service.app.db["media"].find_one({"_id": view.id, "tenant_id": tenant})
        return int((doc or {}).get("published_at_ms") or 0)

    await eventually(stored_mark, lambda ms: ms == int(clock.now().timestamp() * 1000))
    # Both changes handled (in whatever order the consumer took them), then the newer stands.
    ids = [newer.event_id, older.event_id]
    handled = {"consumer": "media_retention", "event_id": {"$in": ids}, "state": "done"}
    await eventually(
        lambda: service.app.db["inbox"].count_documents(handled | {"tenant_id": tenant}),
        lambda n: n == 2,
    )
    assert (await copy.get(tenant_id=tenant)).after_publish_days == 5
    clock.advance(days=4)  # 8 days after the first send, 4 after the last
    assert (await enforce_retention(service.ctx, copy, marks)).after_publish == 0
    clock.advance(days=2)
    assert (await enforce_retention(service.ctx, copy, marks)).after_publish == 1
    assert await service.ctx.storage.keys(tenant) == []
