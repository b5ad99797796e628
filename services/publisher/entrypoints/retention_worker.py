"""Background loop: purge deleted posts and stale drafts periodically (a runtime Worker)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from services.publisher.app.retention_purge import purge_posts
from services.publisher.ports.clock import Clock
from services.publisher.ports.post_purge import PostPurge
from services.publisher.ports.retention_copy import RetentionCopy
from shared.runtime import Worker

log = logging.getLogger("gamontj.publisher.retention")


def retention_worker(
    copy: RetentionCopy, purge: PostPurge, clock: Clock, *, every_s: float
) -> Worker:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                report = await purge_posts(copy, purge, now=clock.now())
                if report.deleted_posts or report.drafts:
                    log.info("posts past retention removed", extra={"purge": repr(report)})
            except Exception:
                log.exception("publisher retention pass failed; next pass retries")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every_s)

    return run
