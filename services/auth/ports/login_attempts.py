"""Port: counters of failed sign-ins per key (account or address), shared by every process."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.auth.domain.throttle import FailureCount
from shared.contracts.envelope import Event


class LoginAttempts(Protocol):
    """Fixed windows: a failure after the window ended starts a new one."""

    async def current(self, *, key: str, now_ms: int, window_s: int) -> FailureCount: ...

    async def record_failure(
        self, *, key: str, now_ms: int, window_s: int, events: Sequence[Event]
    ) -> FailureCount: ...

    async def clear(self, *, key: str) -> None: ...
