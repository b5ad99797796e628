"""Background job: apply retention periodically until the service stops."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from services.audit.app.purge_expired import purge_expired
from services.audit.ports.retention_repository import RetentionRepository
from services.audit.ports.trail_purge import TrailPurge

log = logging.getLogger("gamontj.audit.retention")


def purge_worker(
    retention: RetentionRepository, purge: TrailPurge, *, every_s: float
) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                removed = await purge_expired(retention, purge, now=datetime.now(UTC))
                log.info("retention pass", extra={"removed": removed})
            except Exception:
                log.exception("retention pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every_s)

    return run
