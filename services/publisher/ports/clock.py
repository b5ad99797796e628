"""Port: the current time (a fake clock makes schedules and leases testable)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Gives the current instant, aware and in UTC."""

    def now(self) -> datetime: ...
