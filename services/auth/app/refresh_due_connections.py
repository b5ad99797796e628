"""Background job: refresh every active connection whose access token expires soon."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from services.auth.app.connection_context import ConnectionContext
from services.auth.app.refresh_connection import refresh_connection

log = logging.getLogger("gamontj.auth.refresh")


async def refresh_due_connections(ctx: ConnectionContext, *, batch: int = 100) -> int:
    """One pass; returns how many connections were looked at."""
    due = await ctx.connections.due_for_refresh(before=ctx.clock() + ctx.policy.ahead, limit=batch)
    for connection in due:
        try:
            await refresh_connection(
                ctx, tenant_id=connection.tenant_id, connection_id=connection.id, force=False
            )
        except Exception:
            log.exception("refresh of a connection failed", extra={"connection.id": connection.id})
    return len(due)


def refresh_worker(
    ctx: ConnectionContext, *, every_s: float = 30.0
) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
    """A runtime worker running `refresh_due_connections` until the service stops."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await refresh_due_connections(ctx)
            except Exception:
                log.exception("refresh pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every_s)

    return run
