"""The scheduler worker: claims due targets in batches and runs them with bounded concurrency."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from opentelemetry import trace

from services.publisher.app.context import Publisher
from services.publisher.app.engine import process
from services.publisher.domain.record import Lease, TargetRecord

log = logging.getLogger("gamontj.publisher.scheduler")
tracer = trace.get_tracer("gamontj.publisher")


class WakeSignal:
    """The in-process SchedulerSignal: use cases set it, the scheduler waits on it."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def due_soon(self) -> None:
        self.event.set()


class Scheduler:
    """One per process; several processes share the queue safely through leases and fences."""

    def __init__(
        self,
        core: Publisher,
        *,
        owner: str,
        batch: int,
        concurrency: int,
        idle_s: float,
        wake: WakeSignal | None = None,
    ) -> None:
        self._core = core
        self._owner = owner
        self._batch = batch
        self._concurrency = concurrency
        self._idle_s = idle_s
        self._wake = (wake or WakeSignal()).event
        self._running: set[asyncio.Task[None]] = set()
        self._refill_at = max(1, min(batch, concurrency) // 2)
        self.claimed = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`: claim, process, sleep until the next due time; then drain."""
        try:
            while not stop.is_set():
                want = min(self._batch, self._concurrency - len(self._running))
                if want < self._refill_at and self._running:
                    # Refill only once a good share of the slots is free: one claim (three
                    # store calls) then serves many targets, not each finished one alone.
                    await self._idle(stop, full=True)
                    continue
                if await self._claim(want) == want:
                    continue  # a full batch: more are probably due
                await self._idle(stop, full=False)
            if self._running:
                await asyncio.wait(self._running)
        finally:
            # Cancelled (process dying): in-flight work stops where it is; leases expire.
            for task in self._running:
                task.cancel()

    async def _claim(self, limit: int) -> int:
        # One span per pass: its MongoDB calls group under it, and each claimed target's
        # span (which continues its user's trace) links back to it.
        with tracer.start_as_current_span(
            "publisher.claim_due", attributes={"gamontj.limit": limit}
        ):
            return await self._claim_traced(limit)

    async def _claim_traced(self, limit: int) -> int:
        try:
            claimed = await self._core.targets.claim_due(
                now=self._core.clock.now(),
                owner=self._owner,
                lease_s=self._core.policy.lease_s,
                limit=limit,
            )
        except Exception:
            log.exception("claiming due targets failed; retrying")
            await asyncio.sleep(1.0)
            return 0
        for record, lease in claimed:
            self._start(record, lease)
        self.claimed += len(claimed)
        return len(claimed)

    def _start(self, record: TargetRecord, lease: Lease) -> None:
        task = asyncio.create_task(process(self._core, record, lease))
        self._running.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        self._wake.set()  # a slot is free

    async def _idle(self, stop: asyncio.Event, *, full: bool) -> None:
        timeout = self._idle_s if full else await self._until_next_due()
        self._wake.clear()
        waiters = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
        try:
            await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiter

    async def _until_next_due(self) -> float:
        try:
            next_run = await self._core.targets.next_run_at()
        except Exception:
            log.exception("reading the next due time failed")
            return self._idle_s
        if next_run is None:
            return self._idle_s
        wait = (next_run - self._core.clock.now()) / timedelta(seconds=1)
        return min(max(wait, 0.01), self._idle_s)
