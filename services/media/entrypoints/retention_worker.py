"""Background loop: enforce media retention periodically (a runtime Worker)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from services.media.app.context import MediaContext
from services.media.app.retention_purge import enforce_retention
from services.media.ports.publish_marks import PublishMarks
from services.media.ports.retention_copy import RetentionCopy
from shared.runtime import Worker

log = logging.getLogger("gamontj.media")


def retention_worker(
    ctx: MediaContext, copy: RetentionCopy, marks: PublishMarks, *, every_s: float
) -> Worker:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                report = await enforce_retention(ctx, copy, marks)
                if report.after_publish:
                    log.info("media past its window removed", extra={"count": report.after_publish})
            except Exception:
                log.exception("media retention pass failed; next pass retries")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every_s)

    return run
