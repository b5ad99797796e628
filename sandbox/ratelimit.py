"""Fixed-window rate limiting keyed by provider, limit name and caller."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec


class RateLimit(msgspec.Struct, frozen=True, kw_only=True):
    """At most `limit` calls per `window_s` seconds."""

    limit: int
    window_s: float


@dataclass(frozen=True)
class Verdict:
    """The outcome of one rate-limited call, with what the headers need."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: float
    window_s: float


class RateLimiter:
    """Counts calls in windows that start at the first call and last `window_s`."""

    def __init__(self) -> None:
        self._windows: dict[tuple[str, ...], tuple[float, int]] = {}

    def _current(self, key: tuple[str, ...], rule: RateLimit, now: float) -> tuple[float, int]:
        start, count = self._windows.get(key, (now, 0))
        if now >= start + rule.window_s:
            return now, 0
        return start, count

    def hit(self, key: tuple[str, ...], rules: list[RateLimit], now: float) -> Verdict | None:
        """Count one call against every rule; refuse (without counting) if any is exhausted."""
        if not rules:
            return None
        states = [(rule, (*key, f"{rule.limit}/{rule.window_s}")) for rule in rules]
        windows = {k: self._current(k, rule, now) for rule, k in states}
        for rule, k in states:
            start, count = windows[k]
            if count >= rule.limit:
                return Verdict(False, rule.limit, 0, start + rule.window_s, rule.window_s)
        verdicts = []
        for rule, k in states:
            start, count = windows[k]
            self._windows[k] = (start, count + 1)
            remaining = rule.limit - count - 1
            verdicts.append(
                Verdict(True, rule.limit, remaining, start + rule.window_s, rule.window_s)
            )
        return min(verdicts, key=lambda v: v.remaining)
