"""The fault table: each provider behaviour ends in the right state, never posted twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.app.create_post import create_post
from services.publisher.app.read_posts import list_attempts
from services.publisher.app.retry_target import retry_target
from services.publisher.app.schedule_post import publish_now
from services.publisher.domain.errors import InvalidTransition
from services.publisher.domain.inputs import ConnectionStatus, MediaInfo, MediaKind
from services.publisher.domain.post import TargetSpec
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.target_state import FINAL, TargetState
from tests.support.publisher_fakes import Behaviour, FakePublishingProvider
from tests.support.publisher_rig import Rig, build_rig, running
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
S = TargetState


async def publish(rig: Rig, text: str = "hello") -> TargetRecord:
    spec = TargetSpec(
        id="", connection_id=f"c_{rig.provider.name}_t_one", provider=rig.provider.name
    )
    details = await create_post(
        rig.core,
        rig.ctx(),
        text=text,
        media=(),
        tags=(),
        targets=(spec,),
        idempotency_key="",
        fingerprint="",
    )
    await publish_now(rig.core, rig.ctx(), details.post.id, "Europe/Paris")
    return await rig.record("t_one", details.post.targets[0].id)


async def settle(
    rig: Rig, record: TargetRecord, until: frozenset[TargetState] = FINAL
) -> TargetRecord:
    async with running(rig.core):
        return await eventually(
            lambda: rig.record("t_one", record.id), lambda r: r.state in until, within_s=10
        )


@dataclass(frozen=True)
class Case:
    behaviours: tuple[Behaviour, ...]
    state: TargetState
    accepted: int
    reason: str = ""
    events: tuple[str, ...] = ()


CASES = {
    "succeeds": Case(
        (Behaviour("ok"),),
        S.PUBLISHED,
        1,
        events=("post_scheduled", "post_publishing", "post_published"),
    ),
    "5xx then ok": Case((Behaviour("5xx"), Behaviour("ok")), S.PUBLISHED, 1),
    "5xx until the cap": Case((Behaviour("5xx"),) * 3, S.FAILED, 0, "provider_unavailable"),
    "429 with reset then ok": Case((Behaviour("429"), Behaviour("ok")), S.PUBLISHED, 1),
    "429 until the cap": Case((Behaviour("429"),) * 3, S.FAILED, 0, "provider_rate_limited"),
    "reset before sending": Case((Behaviour("reset_before"), Behaviour("ok")), S.PUBLISHED, 1),
    "reset after sending": Case(
        (Behaviour("reset_after"),),
        S.PUBLISHED,
        1,
        events=("post_scheduled", "post_publishing", "post_unconfirmed", "post_published"),
    ),
    "timeout after accepting": Case((Behaviour("timeout_after_accept"),), S.PUBLISHED, 1),
    "spam risk": Case(
        (Behaviour("reject", reason="tiktok_spam_risk_too_many_posts"),),
        S.FAILED,
        0,
        "tiktok_spam_risk_too_many_posts",
        events=("post_scheduled", "post_publishing", "post_failed"),
    ),
    "async then published": Case((Behaviour("async", polls_before_final=2),), S.PUBLISHED, 1),
    "async then FAILED": Case(
        (Behaviour("async", final="failed", fail_reason="tiktok_duration_check_failed"),),
        S.FAILED,
        1,
        "tiktok_duration_check_failed",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_each_fault_ends_in_the_right_state_without_a_duplicate(rig: Rig, case: Case) -> None:
    rig.provider.then("post_", *case.behaviours)
    done = await settle(rig, await publish(rig))
    assert done.state is case.state
    assert sum(rig.provider.accepted.values()) == case.accepted
    assert rig.provider.duplicates() == {}
    if case.reason:
        assert done.failure is not None and done.failure.code == case.reason
        assert done.failure.message  # a sentence a person can read
    if case.state is S.PUBLISHED:
        assert done.provider_post_id and done.url.startswith("https://")
    if case.events:
        written = await rig.outbox_types(done.id)
        assert "data_disclosed" in written  # same write as post_publishing (order within it free)
        assert [t for t in written if t != "data_disclosed"] == list(case.events)


async def test_a_connection_needing_reauth_fails_the_target_with_that_reason(rig: Rig) -> None:
    record = await publish(rig)  # validated while the connection was fine
    rig.connections.add("t_one", record.connection_id, status=ConnectionStatus.REAUTH_REQUIRED)
    done = await settle(rig, record)
    assert done.state is S.FAILED and done.failure is not None
    assert done.failure.code == "connection_needs_reauth"
    assert "Reconnect" in done.failure.message
    assert rig.provider.calls == {}


async def test_auth_being_down_defers_the_send_without_failing_it(rig: Rig) -> None:
    record = await publish(rig)
    rig.connections.down = True
    async with running(rig.core):
        deferred = await eventually(
            lambda: rig.record("t_one", record.id), lambda r: "auth unavailable" in r.last_error
        )
        assert deferred.state is S.SCHEDULED
        rig.connections.down = False
        done = await eventually(lambda: rig.record("t_one", record.id), lambda r: r.state in FINAL)
    assert done.state is S.PUBLISHED


async def test_an_unreconcilable_ambiguous_send_waits_for_a_person_and_is_never_reposted(
    publisher_db: AsyncDatabase[Any],
) -> None:
    rig = await build_rig(publisher_db, FakePublishingProvider("tiktok", reconcilable=False))
    rig.connections.add("t_one", "c_tiktok_t_one", "tiktok", scopes=("video.upload",))
    rig.media.add(
        MediaInfo(
            id="m1",
            tenant_id="t_one",
            kind=MediaKind.VIDEO,
            status="ready",
            mime="video/mp4",
            size_bytes=1000,
            duration_s=10,
        )
    )
    spec = TargetSpec(id="", connection_id="c_tiktok_t_one", provider="tiktok")
    details = await create_post(
        rig.core,
        rig.ctx(),
        text="clip",
        media=("m1",),
        tags=(),
        targets=(spec,),
        idempotency_key="",
        fingerprint="",
    )
    rig.provider.then("post_", Behaviour("timeout_after_accept"))
    await publish_now(rig.core, rig.ctx(), details.post.id, "UTC")
    record = await rig.record("t_one", details.post.targets[0].id)
    async with running(rig.core):
        parked = await eventually(
            lambda: rig.record("t_one", record.id),
            lambda r: r.state is S.UNCONFIRMED and r.run_at is None,
        )
    assert parked.failure is not None and parked.failure.code == "reconcile_gave_up"
    assert rig.provider.accepted[parked.key] == 1 and rig.provider.calls[parked.key] == 1
    kinds = [a.kind for a in await list_attempts(rig.core, rig.ctx(), details.post.id)]
    assert kinds == ["publish", "reconcile", "reconcile", "reconcile"]


async def test_a_failed_target_can_be_retried_and_a_published_one_cannot(rig: Rig) -> None:
    rig.provider.then("post_", Behaviour("reject", reason="provider_rejected"))
    failed = await settle(rig, await publish(rig))
    assert failed.state is S.FAILED
    await retry_target(rig.core, rig.ctx(), failed.post_id, failed.id)
    done = await settle(rig, failed)
    assert done.state is S.PUBLISHED and rig.provider.accepted[done.key] == 1
    with pytest.raises(InvalidTransition) as caught:
        await retry_target(rig.core, rig.ctx(), done.post_id, done.id)
    assert caught.value.code == "target_already_published"
    attempts = await list_attempts(rig.core, rig.ctx(), done.post_id)
    assert [(a.kind, a.outcome) for a in attempts] == [
        ("publish", "rejected"),
        ("publish", "published"),
    ]
    assert len({a.id for a in attempts}) == 2 and all(a.duration_ms is not None for a in attempts)
