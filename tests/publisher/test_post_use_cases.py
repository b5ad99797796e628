"""Use cases of posts against the real store: idempotency, edits, validation, approval."""

from __future__ import annotations

import functools
from datetime import timedelta

import pytest

from services.publisher.app.cancel_post import cancel_post
from services.publisher.app.create_post import create_post
from services.publisher.app.delete_post import delete_post
from services.publisher.app.details import PostDetails
from services.publisher.app.publishing_settings import update_settings
from services.publisher.app.read_posts import get_post, list_posts
from services.publisher.app.review_post import approve_post, reject_post, submit_post
from services.publisher.app.schedule_post import schedule_post
from services.publisher.app.update_post import update_post
from services.publisher.domain.errors import (
    Conflict,
    IdempotencyMismatch,
    NotAllowed,
    NotFound,
    ValidationFailed,
)
from services.publisher.domain.post import PostChanges, TargetSpec
from services.publisher.domain.schedule import Schedule
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.workspace_settings import PublishingSettings
from tests.support.publisher_rig import Rig

pytestmark = pytest.mark.integration


async def create(
    rig: Rig,
    text: str = "hello",
    *,
    tenant: str = "t_one",
    key: str = "",
    fingerprint: str = "fp",
    role: str = "editor",
) -> PostDetails:
    spec = TargetSpec(id="", connection_id=f"c_mastodon_{tenant}", provider="mastodon")
    return await create_post(
        rig.core,
        rig.ctx(tenant, role),
        text=text,
        media=(),
        tags=("launch",),
        targets=(spec,),
        idempotency_key=key,
        fingerprint=fingerprint,
    )


def in_hours(rig: Rig, hours: float) -> Schedule:
    at = rig.clock.now() + timedelta(hours=hours)
    return Schedule(at=at, zone="UTC", local=at.replace(tzinfo=None).isoformat())


def states(details: PostDetails) -> list[TargetState]:
    return [r.state for r in details.records.values()]


async def test_the_same_idempotency_key_and_body_give_the_same_post(rig: Rig) -> None:
    first = await create(rig, key="k-1")
    again = await create(rig, key="k-1")
    assert again.post.id == first.post.id
    with pytest.raises(IdempotencyMismatch) as caught:
        await create(rig, "other text", key="k-1", fingerprint="another body")
    assert caught.value.code == "idempotency_key_reused"
    other_tenant = await create(rig, key="k-1", tenant="t_two")
    assert other_tenant.post.id != first.post.id  # keys are per workspace


async def test_a_post_of_another_workspace_is_not_found(rig: Rig) -> None:
    mine = await create(rig)
    with pytest.raises(NotFound):
        await get_post(rig.core, rig.ctx("t_two"), mine.post.id)


async def test_viewers_cannot_create_posts(rig: Rig) -> None:
    with pytest.raises(NotAllowed):
        await create(rig, role="viewer")


async def test_an_edit_with_a_stale_version_is_refused(rig: Rig) -> None:
    details = await create(rig)
    edited = await update_post(
        rig.core, rig.ctx(), details.post.id, details.post.version, PostChanges(text="v2")
    )
    assert (edited.post.text, edited.post.revision) == ("v2", 2)
    with pytest.raises(Conflict) as caught:
        await update_post(
            rig.core, rig.ctx(), details.post.id, details.post.version, PostChanges(text="v3")
        )
    assert caught.value.code == "version_conflict"


async def test_scheduling_lists_every_violation_of_every_target_at_once(rig: Rig) -> None:
    details = await create(rig, "x" * 501)
    spec_missing = TargetSpec(id="", connection_id="c_nowhere", provider="mastodon")
    edited = await update_post(
        rig.core,
        rig.ctx(),
        details.post.id,
        None,
        PostChanges(targets=(*details.post.targets, spec_missing), media=("m_missing",)),
    )
    with pytest.raises(ValidationFailed) as caught:
        await schedule_post(rig.core, rig.ctx(), edited.post.id, in_hours(rig, 1))
    assert {v.code for v in caught.value.violations} == {
        "mastodon_text_too_long",
        "connection_not_found",
        "media_not_found",
    }
    unchanged = await get_post(rig.core, rig.ctx(), edited.post.id)
    assert states(unchanged) == [TargetState.DRAFT, TargetState.DRAFT]


async def test_schedule_then_reschedule_then_cancel(rig: Rig) -> None:
    details = await create(rig)
    scheduled = await schedule_post(rig.core, rig.ctx(), details.post.id, in_hours(rig, 2))
    assert states(scheduled) == [TargetState.SCHEDULED]
    later = in_hours(rig, 5)
    moved = await schedule_post(rig.core, rig.ctx(), details.post.id, later)
    record = next(iter(moved.records.values()))
    assert record.due_at is not None and abs(record.due_at - later.at) < timedelta(seconds=1)
    cancelled = await cancel_post(rig.core, rig.ctx(), details.post.id, [], "changed my mind")
    assert states(cancelled) == [TargetState.CANCELLED]
    assert (await rig.outbox_types(record.id)) == [
        "post_scheduled",
        "post_scheduled",
        "post_cancelled",
    ]


async def test_approval_flow_editor_submits_owner_approves_and_it_is_scheduled(rig: Rig) -> None:
    await update_settings(
        rig.core, rig.ctx(role="owner"), PublishingSettings(require_approval=True)
    )
    details = await create(rig)
    with pytest.raises(NotAllowed) as caught:
        await schedule_post(rig.core, rig.ctx(), details.post.id, in_hours(rig, 1))
    assert caught.value.code == "approval_required"
    submitted = await submit_post(rig.core, rig.ctx(), details.post.id, in_hours(rig, 1))
    assert states(submitted) == [TargetState.PENDING_APPROVAL]
    with pytest.raises(NotAllowed):
        await approve_post(rig.core, rig.ctx(role="editor"), details.post.id, "")
    rejected = await reject_post(rig.core, rig.ctx(role="admin"), details.post.id, "typo")
    assert states(rejected) == [TargetState.REJECTED]
    assert rejected.post.approval_note == "typo"
    fixed = await update_post(rig.core, rig.ctx(), details.post.id, None, PostChanges(text="fixed"))
    assert states(fixed) == [TargetState.DRAFT]
    await submit_post(rig.core, rig.ctx(), details.post.id, in_hours(rig, 1))
    approved = await approve_post(
        rig.core, rig.ctx(role="owner", actor="u_boss"), details.post.id, ""
    )
    assert states(approved) == [TargetState.SCHEDULED]
    assert approved.post.reviewed_by == "u_boss"


async def test_rejecting_needs_a_reason(rig: Rig) -> None:
    details = await create(rig)
    await submit_post(rig.core, rig.ctx(), details.post.id, None)
    with pytest.raises(ValidationFailed):
        await reject_post(rig.core, rig.ctx(role="owner"), details.post.id, "  ")


async def test_deleting_cancels_scheduled_targets_and_hides_the_post(rig: Rig) -> None:
    details = await create(rig)
    await schedule_post(rig.core, rig.ctx(), details.post.id, in_hours(rig, 1))
    await delete_post(rig.core, rig.ctx(), details.post.id, None)
    with pytest.raises(NotFound):
        await get_post(rig.core, rig.ctx(), details.post.id)
    target_id = details.post.targets[0].id
    assert (await rig.record("t_one", target_id)).state is TargetState.CANCELLED


async def test_posts_are_listed_by_calendar_range_and_status_with_a_cursor(rig: Rig) -> None:
    ids = []
    for hours in (1, 2, 3, 4, 5):
        details = await create(rig, f"at +{hours}h")
        await schedule_post(rig.core, rig.ctx(), details.post.id, in_hours(rig, hours))
        ids.append(details.post.id)
    draft = await create(rig, "no time yet")
    await create(rig, "other workspace", tenant="t_two")
    start = rig.clock.now() + timedelta(minutes=90)
    end = rig.clock.now() + timedelta(hours=4, minutes=30)
    window = functools.partial(list_posts, rig.core, rig.ctx(), start=start, end=end, status=None)
    page, cursor = await window(cursor=None, limit=2)
    assert [d.post.id for d in page] == ids[1:3] and cursor
    rest, cursor = await window(cursor=cursor, limit=2)
    assert [d.post.id for d in rest] == ids[3:4] and cursor is None
    drafts, _ = await list_posts(
        rig.core, rig.ctx(), start=None, end=None, status="draft", cursor=None, limit=10
    )
    assert [d.post.id for d in drafts] == [draft.post.id]
    newest, _ = await list_posts(
        rig.core, rig.ctx(), start=None, end=None, status=None, cursor=None, limit=3
    )
    assert newest[0].post.id == draft.post.id and len(newest) == 3
