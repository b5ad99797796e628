"""Port: the current time (a fake one makes expiry and throttling windows testable)."""

from __future__ import annotations

from typing import Protocol


class Clock(Protocol):
    """Milliseconds since the epoch, UTC."""

    def now_ms(self) -> int: ...
