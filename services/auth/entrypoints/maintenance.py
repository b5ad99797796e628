"""Periodic housekeeping as a service worker: key rotation, policy versions, purges."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

log = logging.getLogger("gamontj.auth.maintenance")

Task = Callable[[], Awaitable[Any]]


def maintenance_worker(
    tasks: Sequence[Task], *, every_s: float
) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
    """A worker running every task at start-up and then every `every_s` until stopped."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            for task in tasks:
                try:
                    await task()
                except Exception:
                    # One failing chore must not stop the others; the next round tries again.
                    log.exception("maintenance task failed", extra={"task": repr(task)})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every_s)

    return run
