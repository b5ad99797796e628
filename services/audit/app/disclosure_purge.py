"""Use case and job: ledger entries live as long as the audit trail (docs/decisions/0093)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from services.audit.domain.retention import DEFAULTS, cutoff
from services.audit.ports.disclosure_ledger import DisclosureLedger
from services.audit.ports.retention_repository import RetentionRepository

log = logging.getLogger("gamontj.audit.retention")


async def purge_disclosures(
    retention: RetentionRepository, ledger: DisclosureLedger, *, now: datetime
) -> int:
    """One pass over every workspace with entries; returns how many entries were removed."""
    custom = await retention.customised()
    removed = 0
    for tenant_id in await ledger.tenants():
        days = custom.get(tenant_id, DEFAULTS).audit_trail_days
        removed += await ledger.purge_before(tenant_id=tenant_id, before=cutoff(now, days))
    return removed


def disclosure_purge_worker(
    retention: RetentionRepository, ledger: DisclosureLedger, *, every_s: float
) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                removed = await purge_disclosures(retention, ledger, now=datetime.now(UTC))
                log.info("disclosure retention pass", extra={"removed": removed})
            except Exception:
                log.exception("disclosure retention pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every_s)

    return run
