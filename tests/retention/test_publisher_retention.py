"""The publisher removes soft-deleted posts and drafts past the workspace's drafts window."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from nats.js.client import JetStreamContext
from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.adapters.mongo_attempt_log import COLLECTION as ATTEMPTS
from services.publisher.adapters.mongo_documents import post_fields, record_document
from services.publisher.adapters.mongo_post_purge import MongoPostPurge
from services.publisher.adapters.mongo_retention_copy import MongoRetentionCopy
from services.publisher.app.retention_purge import purge_posts
from services.publisher.domain.post import Post
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.target_state import TargetState
from shared.runtime import ServiceApp
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.retention.events import emit, retention_changed
from tests.support.platform import start_service
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
TENANT = "w_pub_retention"


@pytest.fixture
async def publisher(
    settings: Settings, telemetry: Telemetry, js: JetStreamContext
) -> AsyncIterator[ServiceApp]:
    app = await start_service("publisher", settings, telemetry)
    yield app
    await app.stop()


async def seed(
    db: AsyncDatabase[Any],
    post_id: str,
    *,
    days_old: int,
    state: TargetState = TargetState.DRAFT,
    deleted: bool = False,
    pending_event: bool = False,
) -> None:
    """A post last changed `days_old` days ago, one target in `state`, one attempt."""
    when = NOW - timedelta(days=days_old)
    post = Post(
        id=post_id,
        tenant_id=TENANT,
        author="u_1",
        text="a draft",
        created_at=when,
        updated_at=when,
        deleted=deleted,
    )
    await db["posts"].insert_one({"_id": post_id, **post_fields(post), "idem_key": post_id})
    target = TargetRecord(
        id=f"{post_id}_t",
        tenant_id=TENANT,
        post_id=post_id,
        connection_id="con_1",
        provider="mastodon",
        state=state,
    )
    document = record_document(target)
    if pending_event:
        document |= {"outbox": {"evt_1": {"id": "evt_1"}}, "outbox_pending": True}
    await db["targets"].insert_one(document)
    await db[ATTEMPTS].insert_one({"_id": f"{post_id}_a", "tenant_id": TENANT, "post_id": post_id})


async def left(db: AsyncDatabase[Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name in ("posts", "targets", ATTEMPTS):
        docs = await db[name].find({"tenant_id": TENANT}, {"_id": 1}).to_list()
        found[name] = {str(d["_id"]) for d in docs}
    return found


async def test_deleted_posts_and_drafts_past_the_window_are_gone_after_the_job_runs(
    publisher: ServiceApp, js: JetStreamContext, db: AsyncDatabase[Any]
) -> None:
    """Posts live in a database of their own: the running service's relay would publish the
    stand-in outbox entry; its retention copy is the service's own, fed over JetStream."""
    await seed(db, "pst_old_draft", days_old=400)
    await seed(db, "pst_recent_draft", days_old=40)
    await seed(db, "pst_old_scheduled", days_old=400, state=TargetState.SCHEDULED)
    await seed(db, "pst_deleted", days_old=1, state=TargetState.CANCELLED, deleted=True)
    await seed(db, "pst_deleted_unrelayed", days_old=1, deleted=True, pending_event=True)
    copy, purge = MongoRetentionCopy(publisher.db), MongoPostPurge(db)

    report = await purge_posts(copy, purge, now=NOW)  # the default window: 365 days

    assert (report.deleted_posts, report.drafts) == (1, 1)
    kept = {"pst_recent_draft", "pst_old_scheduled", "pst_deleted_unrelayed"}
    assert await left(db) == {
        "posts": kept,
        "targets": {f"{p}_t" for p in kept},
        ATTEMPTS: {f"{p}_a" for p in kept},
    }

    # The workspace shortens its drafts window to 30 days: audit announces it, we apply it.
    await emit(js, retention_changed(TENANT, drafts_days=30))
    await eventually(lambda: copy.get(tenant_id=TENANT), lambda w: w.drafts_days == 30)
    report = await purge_posts(copy, purge, now=NOW)
    assert (report.deleted_posts, report.drafts) == (0, 1)
    assert (await left(db))["posts"] == {"pst_old_scheduled", "pst_deleted_unrelayed"}
