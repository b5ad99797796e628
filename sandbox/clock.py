"""The sandbox clock: wall time plus an offset that tests may advance."""

from __future__ import annotations

import time


class Clock:
    """Seconds since the epoch as the sandbox sees them (expiry, windows, created_at)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> float:
        """Move sandbox time forward (tokens expire, rate-limit windows end) and return it."""
        self.offset += seconds
        return self.now()
