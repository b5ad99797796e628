"""The exactly-once engine: moves one claimed target one step forward, under its lease."""

from __future__ import annotations

from opentelemetry import trace

from services.publisher.app.context import Publisher
from services.publisher.app.follow_up import poll, reconcile, recover
from services.publisher.app.send import send
from services.publisher.app.step import LeaseLost, Step, log
from services.publisher.app.trace_context import continuation
from services.publisher.domain.record import Lease, TargetRecord
from services.publisher.domain.target_state import TargetState

tracer = trace.get_tracer("gamontj.publisher")


async def process(core: Publisher, record: TargetRecord, lease: Lease) -> None:
    """Send, poll, recover or reconcile, depending on what the stored target says."""
    step = Step(core=core, record=record, lease=lease)
    parent, links = continuation(record)
    with tracer.start_as_current_span(
        "publisher.process_target",
        context=parent,
        links=links,
        attributes={
            "gamontj.tenant_id": record.tenant_id,
            "gamontj.target_id": record.id,
            "gamontj.provider": record.provider,
            "gamontj.state": record.state.value,
        },
    ):
        try:
            await _dispatch(step)
        except LeaseLost:
            # A person changed the target or our lease ran out: the new owner carries on.
            log.info("lease lost; leaving the target", extra={"target_id": record.id})
        except Exception:
            # Unknown failure of our own: the lease expires and another pass picks it up;
            # an open attempt is then reconciled, never re-sent blindly.
            log.exception("processing a target failed", extra={"target_id": record.id})


async def _dispatch(step: Step) -> None:
    record = step.record
    if record.state is TargetState.SCHEDULED:
        await send(step)
    elif record.state is TargetState.PUBLISHING and record.handle is not None:
        await poll(step)
    elif record.state is TargetState.PUBLISHING:
        await recover(step)
    elif record.state is TargetState.UNCONFIRMED:
        await reconcile(step)
    else:
        log.warning("claimed a target in state %s", record.state.value)
