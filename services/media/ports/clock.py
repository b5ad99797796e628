"""Port: the current time (a fake one lets tests travel past expiry and retention)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Aware UTC instants."""

    def now(self) -> datetime: ...
