"""Port: tells the scheduler that a target just became due (so it does not sleep through it)."""

from __future__ import annotations

from typing import Protocol


class SchedulerSignal(Protocol):
    """Best effort: a missed signal only delays work until the scheduler's next look."""

    def due_soon(self) -> None: ...
