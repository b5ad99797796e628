"""The saga with the real store: a request in progress when audit stops carries on after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.audit.adapters.mongo_privacy_request_repository import (
    INDEXES,
    MongoPrivacyRequestRepository,
)
from services.audit.app.privacy_worker import PrivacyWorker
from services.audit.domain.privacy_request import opened
from shared.contracts.privacy import (
    Changes,
    RequestKind,
    Scope,
    ServicePart,
    SubjectKind,
    SubjectRef,
)
from shared.store.indexes import ensure_indexes
from shared.tenancy import RequestContext

pytestmark = pytest.mark.integration
SUBJECT = SubjectRef(
    kind=SubjectKind.USER, id="usr_a", workspace_id="wsp_a", whole_workspaces=["wsp_a"]
)


class Crash(Exception):
    """The process died in the middle of a step."""


class FakeSubjectServices:
    """Records each erase call; can crash on one service once."""

    def __init__(self, crash_on: str = "") -> None:
        self.calls: list[str] = []
        self._crash_on = crash_on

    async def scope(self, *, ctx: RequestContext, subject_kind: SubjectKind) -> Scope:
        return Scope(subject=SUBJECT)

    async def erase(self, service: str, **_: Any) -> ServicePart:
        if service == self._crash_on:
            self._crash_on = ""
            raise Crash(service)
        self.calls.append(service)
        return ServicePart(service=service, counts={"things": 1})

    async def export(self, service: str, **_: Any) -> ServicePart:
        raise AssertionError("not an export")

    async def rectify(self, service: str, *, changes: Changes, **_: Any) -> ServicePart:
        raise AssertionError("not a rectification")


async def test_an_erasure_interrupted_by_a_restart_resumes_where_it_stopped(
    db: AsyncDatabase[Any],
) -> None:
    await ensure_indexes(db, INDEXES)
    repo = MongoPrivacyRequestRepository(db)
    now = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    request = opened(
        request_id="dsr_1",
        tenant_id="wsp_b",
        requester="usr_a",
        kind=RequestKind.ERASURE,
        subject=SUBJECT,
        changes=None,
        now=now,
    )
    assert await repo.add(request, idempotency="dsr_1", fingerprint="") is not None
    services = FakeSubjectServices(crash_on="auth")
    before = PrivacyWorker(repo, services, poll_s=1, lease_s=60, clock=lambda: now)
    with pytest.raises(Crash):
        await before.run_once()
    assert services.calls == ["publisher", "media"]
    stored = await repo.get(tenant_id="wsp_b", request_id="dsr_1")
    assert stored is not None and stored.done() == 2 and stored.status == "running"

    after = PrivacyWorker(repo, services, poll_s=1, lease_s=60, clock=lambda: now)
    assert await after.run_once() == 0  # the dead worker's lease still holds
    later = now + timedelta(seconds=61)
    restarted = PrivacyWorker(repo, services, poll_s=1, lease_s=60, clock=lambda: later)
    assert await restarted.run_once() == 1
    assert services.calls == ["publisher", "media", "auth", "audit"]
    tombstone = await repo.get(tenant_id="wsp_b", request_id="dsr_1")
    assert tombstone is not None and tombstone.status == "completed"
    assert tombstone.requester == "erased" and tombstone.subject.id == ""
    assert [s.counts for s in tombstone.steps] == [{"things": 1}] * 4
