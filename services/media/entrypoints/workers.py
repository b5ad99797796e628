"""Background loops of the media service: imports, probing, retention (each a runtime Worker)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from services.media.app.context import MediaContext
from services.media.app.import_media import import_next
from services.media.app.process_media import process_next
from services.media.app.purge_expired import purge_expired
from shared.runtime import Worker

log = logging.getLogger("gamontj.media")
IDLE_POLL_S = 2.0
MAX_BACKOFF_S = 30.0


def media_workers(
    ctx: MediaContext, *, probes: int, imports: int, purge_every_s: float
) -> list[Worker]:
    """Probe and import loops (woken when work is queued) and the periodic purge."""
    loops = [_queue_loop(ctx, "probe", lambda: process_next(ctx)) for _ in range(probes)]
    loops += [_queue_loop(ctx, "import", lambda: import_next(ctx)) for _ in range(imports)]
    return [*loops, _purge_loop(ctx, purge_every_s)]


def _queue_loop(ctx: MediaContext, name: str, step: Callable[[], Awaitable[bool]]) -> Worker:
    wakeup = ctx.work.listener()

    async def run(stop: asyncio.Event) -> None:
        pause = IDLE_POLL_S
        while not stop.is_set():
            wakeup.clear()
            try:
                if await step():
                    pause = IDLE_POLL_S
                    continue
            except Exception:
                log.exception("media %s step failed; retrying", name)
                pause = min(pause * 2, MAX_BACKOFF_S)
            await _first(stop, wakeup, timeout_s=pause)

    return run


def _purge_loop(ctx: MediaContext, every_s: float) -> Worker:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                report = await purge_expired(ctx)
                if report.unattached or report.retention:
                    log.info("media purged", extra={"purge": repr(report)})
            except Exception:
                log.exception("media purge pass failed; next pass retries")
            await _first(stop, timeout_s=every_s)

    return run


async def _first(*events: asyncio.Event, timeout_s: float) -> None:
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait(waiters, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
