"""A person's move of a target stores their trace context; the engine's span continues it.

Real nx-27017 behind the MongoDB target queue.
"""

from __future__ import annotations

from typing import Any

import pytest
from opentelemetry import trace
from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.adapters.mongo_target_queue import MongoTargetQueue
from services.publisher.app.trace_context import continuation
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.target_queue import TargetChange
from shared.telemetry import Telemetry

pytestmark = pytest.mark.integration

tracer = trace.get_tracer("tests.person")
DRAFT = TargetRecord(
    id="tgt_1",
    tenant_id="t_trace",
    post_id="post_1",
    connection_id="con_1",
    provider="mastodon",
    state=TargetState.DRAFT,
)


async def move_to_scheduled(queue: MongoTargetQueue, source: TargetState) -> bool:
    return await queue.move(
        tenant_id=DRAFT.tenant_id,
        target_id=DRAFT.id,
        sources=frozenset({source}),
        change=TargetChange(state=TargetState.SCHEDULED),
        events=(),
    )


async def stored(queue: MongoTargetQueue) -> TargetRecord:
    record = await queue.get(tenant_id=DRAFT.tenant_id, target_id=DRAFT.id)
    assert record is not None
    return record


async def test_the_engine_continues_the_trace_of_the_last_person_who_moved_the_target(
    db: AsyncDatabase[Any], telemetry: Telemetry
) -> None:
    queue = MongoTargetQueue(db)
    await queue.ensure([DRAFT])
    with tracer.start_as_current_span("schedule request") as person:
        assert await move_to_scheduled(queue, TargetState.DRAFT)
    record = await stored(queue)
    assert record.traceparent.split("-")[1] == format(person.get_span_context().trace_id, "032x")

    with tracer.start_as_current_span("scheduler pass") as scheduler:
        parent, links = continuation(record)
    assert parent is not None
    resumed = trace.get_current_span(parent).get_span_context()
    assert resumed.span_id == person.get_span_context().span_id
    assert [link.context.span_id for link in links] == [scheduler.get_span_context().span_id]


async def test_a_later_move_replaces_the_trace_and_a_move_outside_any_trace_clears_it(
    db: AsyncDatabase[Any], telemetry: Telemetry
) -> None:
    queue = MongoTargetQueue(db)
    await queue.ensure([DRAFT])
    with tracer.start_as_current_span("schedule request"):
        assert await move_to_scheduled(queue, TargetState.DRAFT)
    with tracer.start_as_current_span("publish-now request") as second:
        assert await move_to_scheduled(queue, TargetState.SCHEDULED)
    second_trace = format(second.get_span_context().trace_id, "032x")
    assert (await stored(queue)).traceparent.split("-")[1] == second_trace

    assert await move_to_scheduled(queue, TargetState.SCHEDULED)
    record = await stored(queue)
    assert record.traceparent == ""
    assert continuation(record) == (None, [])
