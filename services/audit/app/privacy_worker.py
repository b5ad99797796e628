"""Background job: claim data-subject requests whose lease lapsed and carry them forward."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from services.audit.app.privacy_saga import LeaseLost, advance
from services.audit.ports.privacy_request_repository import PrivacyRequestRepository
from services.audit.ports.subject_services import SubjectServices

log = logging.getLogger("gamontj.audit.privacy")


def _now() -> datetime:
    return datetime.now(UTC)


class PrivacyWorker:
    """Woken when a request is filed; otherwise polls, which is how a restart resumes."""

    def __init__(
        self,
        repo: PrivacyRequestRepository,
        services: SubjectServices,
        *,
        poll_s: float,
        lease_s: float,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._repo, self._services = repo, services
        self._poll_s, self._lease_s, self._clock = poll_s, lease_s, clock
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """Claim and advance every request that is due now; how many were advanced."""
        advanced = 0
        while True:
            now_ms = int(self._clock().timestamp() * 1000)
            request = await self._repo.claim(
                owner=self._owner, now_ms=now_ms, lease_ms=int(self._lease_s * 1000)
            )
            if request is None:
                return advanced
            advanced += 1
            try:
                await advance(
                    self._repo, self._services, request, clock=self._clock, lease_s=self._lease_s
                )
            except LeaseLost:
                log.info("privacy request taken over", extra={"request_id": request.id})

    def runner(self) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
        async def run(stop: asyncio.Event) -> None:
            while not stop.is_set():
                try:
                    await self.run_once()
                except Exception:
                    log.exception("privacy pass failed")
                self._wake.clear()
                waits = [
                    asyncio.ensure_future(stop.wait()),
                    asyncio.ensure_future(self._wake.wait()),
                ]
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED), self._poll_s
                    )
                for waiting in waits:
                    waiting.cancel()

        return run
