"""Login throttling: failures counted per fixed window, per account and per client address."""

from __future__ import annotations

import math

import msgspec


class FailureCount(msgspec.Struct, frozen=True, kw_only=True):
    failures: int = 0
    window_start_ms: int = 0


class ThrottlePolicy(msgspec.Struct, frozen=True, kw_only=True):
    window_s: int
    max_per_account: int
    max_per_ip: int


def retry_after_s(count: FailureCount, *, limit: int, window_s: int, now_ms: int) -> int | None:
    """Seconds until attempts are allowed again, or None when they are allowed now."""
    window_end_ms = count.window_start_ms + window_s * 1000
    if count.failures < limit or window_end_ms <= now_ms:
        return None
    return max(1, math.ceil((window_end_ms - now_ms) / 1000))
