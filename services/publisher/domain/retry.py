"""When to try again: exponential backoff with full jitter, a cap, and the provider's word."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """`max_sends`: how many times one publication may be sent before it fails for good."""

    base_s: float = 2.0
    cap_s: float = 300.0
    max_sends: int = 5

    def delay_s(
        self,
        sends: int,
        *,
        retry_after_s: float | None = None,
        rand: Callable[[], float] = random.random,
    ) -> float:
        """Pause before send number `sends + 1`; never sooner than the provider asked."""
        ceiling = min(self.cap_s, self.base_s * 2.0 ** max(sends - 1, 0))
        jittered = ceiling * (0.5 + rand() / 2)  # "equal jitter": spread, yet never near zero
        if retry_after_s is not None:
            # Waiting out a rate-limit reset, plus a little spread so callers do not stampede.
            return max(retry_after_s + rand() * min(1.0, self.base_s), jittered / 4)
        return jittered

    def exhausted(self, sends: int) -> bool:
        return sends >= self.max_sends
