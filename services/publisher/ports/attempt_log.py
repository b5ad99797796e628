"""Port: the troubleshooting log of every provider call made for a target."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

import msgspec


class Attempt(msgspec.Struct, frozen=True, kw_only=True):
    """One call: recorded before it is made, completed with the provider's answer."""

    id: str  # `<publication key>#<fence>`: deterministic, so a repeated write is a no-op
    tenant_id: str
    post_id: str
    target_id: str
    key: str
    number: int
    kind: str  # publish | reconcile | status
    started_at: datetime
    request: dict[str, Any] = msgspec.field(default_factory=dict)
    trace_id: str = ""
    outcome: str = "in_flight"
    answer: str = ""
    error: str = ""
    duration_ms: int | None = None


class AttemptLog(Protocol):
    """Attempts by tenant; written by the engine, read by the API."""

    async def begin(self, attempt: Attempt) -> None:
        """Record a call about to be made (idempotent on the attempt id)."""
        ...

    async def finish(
        self,
        *,
        tenant_id: str,
        attempt_id: str,
        outcome: str,
        answer: str,
        error: str,
        duration_ms: int,
    ) -> None:
        """Complete a recorded call with what the provider answered."""
        ...

    async def for_post(self, *, tenant_id: str, post_id: str) -> list[Attempt]:
        """Every attempt of the post's targets, oldest first."""
        ...
