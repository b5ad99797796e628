"""SandboxState: the whole in-memory world of the provider stand-ins, reachable in-process."""

from __future__ import annotations

from sandbox.bluesky.state import BlueskyState
from sandbox.clock import Clock
from sandbox.config import SandboxConfig, copy_config
from sandbox.consent import ConsentBook
from sandbox.counters import Counters
from sandbox.faults import FaultBook
from sandbox.mastodon.state import MastodonState
from sandbox.ratelimit import RateLimiter
from sandbox.tiktok.state import TikTokState


class SandboxState:
    """Config, clock, counters, faults and every provider's data; `reset()` empties it in place."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self._initial_config = config or SandboxConfig()
        self.reset()

    def reset(self, *, keep_config: bool = False) -> None:
        """Forget every token, post, counter, fault and consent; the object stays the same."""
        if not keep_config:
            self.config = copy_config(self._initial_config)
        self.clock = Clock()
        self.counters = Counters()
        self.faults = FaultBook()
        self.limiter = RateLimiter()
        self.consents = ConsentBook()
        self.tiktok = TikTokState()
        self.mastodon = MastodonState()
        self.bluesky = BlueskyState(self.clock)
