"""A person's changes to targets: conditioned on the current state, each with its event."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from services.publisher.app import events
from services.publisher.app.context import Publisher
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.schedule import Schedule
from services.publisher.domain.target_state import BEFORE_PUBLISHING, TargetState, sources_of
from services.publisher.ports.target_queue import TargetChange
from shared.contracts.envelope import Event

EventFor = Callable[[TargetRecord], tuple[Event, ...]]


async def move_all(
    core: Publisher,
    records: Iterable[TargetRecord],
    *,
    sources: frozenset[TargetState],
    change: TargetChange,
    events_for: EventFor = lambda _: (),
) -> list[str]:
    """Move every record currently in `sources`; returns the ids actually moved."""
    if isinstance(change.state, TargetState) and not sources <= sources_of(change.state):
        # The state machine is the single authority: a use case cannot widen it.
        raise ValueError(f"{sorted(sources)} -> {change.state} is not in the state machine")
    moved: list[str] = []
    for record in records:
        if record.state not in sources:
            continue
        if await core.targets.move(
            tenant_id=record.tenant_id,
            target_id=record.id,
            sources=sources,
            change=change,
            events=events_for(record),
        ):
            moved.append(record.id)
    return moved


async def schedule_all(
    core: Publisher,
    records: Iterable[TargetRecord],
    schedule: Schedule,
    *,
    sources: frozenset[TargetState],
    actor: str,
) -> list[str]:
    """Targets in `sources` become scheduled for `schedule`, each with a post_scheduled event."""
    moved = await move_all(
        core,
        records,
        sources=sources,
        change=TargetChange(
            state=TargetState.SCHEDULED,
            due_at=schedule.at,
            run_at=schedule.at,
            failure=None,
            last_error="",
        ),
        events_for=lambda r: (events.scheduled(r, schedule, actor),),
    )
    horizon = core.policy.due_soon_s
    if moved and (schedule.at - core.clock.now()).total_seconds() < horizon:
        core.signal.due_soon()
    return moved


async def cancel_all(
    core: Publisher, records: Iterable[TargetRecord], *, reason: str, actor: str
) -> list[str]:

    return await move_all(
        core,
        records,
        sources=BEFORE_PUBLISHING,
        change=TargetChange(state=TargetState.CANCELLED, run_at=None),
        events_for=lambda r: (events.cancelled(r, reason, actor),),
    )
