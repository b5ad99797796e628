"""One unit of engine work on a claimed target: fenced writes and the outcomes they record."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import msgspec

from services.publisher.app import events
from services.publisher.app.context import Publisher
from services.publisher.domain.failure import Failure
from services.publisher.domain.publishing import ProviderHandle, Published
from services.publisher.domain.record import Lease, TargetRecord
from services.publisher.domain.target_state import TargetState
from services.publisher.ports.target_queue import TargetChange
from shared.contracts.envelope import Event
from shared.metrics import counter, histogram
from shared.observability.metric_names import (
    PROVIDER,
    PUBLISH_ATTEMPTS,
    PUBLISH_LATENESS,
    PUBLISH_OUTCOME,
)

log = logging.getLogger("gamontj.publisher.engine")


class LeaseLost(Exception):
    """Someone else now owns the target (lease expired, or a person changed it): stop."""


@dataclass
class Step:
    """The target as we last wrote it, and the lease every write must present."""

    core: Publisher
    record: TargetRecord
    lease: Lease

    def now(self) -> datetime:
        return self.core.clock.now()

    def after(self, seconds: float) -> datetime:
        return self.now() + timedelta(seconds=seconds)

    async def write(
        self, change: TargetChange, events_: tuple[Event, ...] = (), *, release: bool = False
    ) -> None:
        """Fenced write; raises LeaseLost if the fence moved, so nothing acts on a stale claim."""
        if not await self.core.targets.write(
            self.record, self.lease, change, events_, release=release
        ):
            raise LeaseLost(self.record.id)
        fields = {k: v for k, v in msgspec.structs.asdict(change).items() if v is not msgspec.UNSET}
        self.record = msgspec.structs.replace(self.record, **fields)

    async def publish_done(
        self, published: Published, handle: ProviderHandle | None = None
    ) -> None:
        rec = self.record
        extra = TargetChange() if handle is None else TargetChange(handle=handle)
        await self.write(
            msgspec.structs.replace(
                extra,
                state=TargetState.PUBLISHED,
                provider_post_id=published.provider_post_id,
                url=published.url,
                inbox=published.inbox,
                published_at=self.now(),
                attempt_open=0,
                run_at=None,
                failure=None,
                last_error="",
            ),
            (events.published(rec, published.provider_post_id, published.url, published.inbox),),
            release=True,
        )
        _count(rec, "published")
        if rec.lateness_ms is not None:
            lateness = histogram(PUBLISH_LATENESS)
            lateness.record(rec.lateness_ms / 1000, {PROVIDER: rec.provider})

    async def fail(self, reason: Failure) -> None:
        log.info("target failed", extra={"target_id": self.record.id, "reason": reason.code})
        await self.write(
            TargetChange(state=TargetState.FAILED, failure=reason, attempt_open=0, run_at=None),
            (events.failed(self.record, reason),),
            release=True,
        )
        _count(self.record, "failed")

    async def cancel(self, reason: str) -> None:
        await self.write(
            TargetChange(state=TargetState.CANCELLED, run_at=None, attempt_open=0),
            (events.cancelled(self.record, reason, "system"),),
            release=True,
        )

    async def unconfirm(self, detail: str, *, release: bool = True) -> None:
        """Ambiguous outcome: never re-post blindly; reconcile with the provider first."""
        await self.write(
            TargetChange(
                state=TargetState.UNCONFIRMED,
                attempt_open=0,
                last_error=detail,
                # While we keep the lease, run_at IS the lease (a claim sets it to `until`):
                # an earlier run_at would let another worker claim the target mid-reconcile.
                run_at=self.after(self.core.policy.reconcile_delay_s)
                if release
                else self.lease.until,
            ),
            (events.unconfirmed(self.record, detail),),
            release=release,
        )
        _count(self.record, "unconfirmed")

    async def park(self, reason: Failure) -> None:
        """Stay unconfirmed with no next action: a person retries (a new check) or cancels."""
        await self.write(
            TargetChange(
                state=TargetState.UNCONFIRMED,
                run_at=None,
                attempt_open=0,
                reconciles=self.record.reconciles + 1,
                failure=reason,
            ),
            release=True,
        )

    async def later(self, seconds: float, why: str) -> None:
        """Nothing was sent: keep the state, look again after `seconds`."""
        await self.write(TargetChange(run_at=self.after(seconds), last_error=why), release=True)
        _count(self.record, "retrying")


def _count(record: TargetRecord, outcome: str) -> None:
    """Publish attempts by outcome and provider, for the operators' dashboard."""
    counter(PUBLISH_ATTEMPTS).add(1, {PROVIDER: record.provider, PUBLISH_OUTCOME: outcome})
