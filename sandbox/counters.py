"""Call counters and the ledger of accepted posts that tests read to prove exactly-once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import msgspec


class AcceptedPost(msgspec.Struct, kw_only=True):
    """One post a provider accepted (a TikTok publish_id, a Mastodon status, a Bluesky record)."""

    provider: str
    post_id: str
    key: str | None
    token: str
    account: str
    kind: str
    accepted_at: float
    status: str = "accepted"
    details: dict[str, Any] = msgspec.field(default_factory=dict)


class Counters:
    """Every call per (provider, endpoint, token fingerprint) and every accepted post."""

    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str, str]] = Counter()
        self.posts: list[AcceptedPost] = []

    def count_call(self, provider: str, endpoint: str, token: str) -> None:
        self.calls[(provider, endpoint, token)] += 1

    def calls_to(self, provider: str, endpoint: str | None = None, token: str | None = None) -> int:
        """Calls received, narrowed by endpoint and token fingerprint when given."""
        return sum(
            n
            for (p, e, t), n in self.calls.items()
            if p == provider and endpoint in (None, e) and token in (None, t)
        )

    def accept(self, post: AcceptedPost) -> AcceptedPost:
        self.posts.append(post)
        return post

    def posts_for(self, provider: str | None = None) -> list[AcceptedPost]:
        return [p for p in self.posts if provider in (None, p.provider)]

    def snapshot(self) -> dict[str, Any]:
        """The JSON shape of GET /_sandbox/counters."""
        by_endpoint: dict[str, dict[str, int]] = {}
        for (provider, endpoint, _), n in self.calls.items():
            slot = by_endpoint.setdefault(provider, {})
            slot[endpoint] = slot.get(endpoint, 0) + n
        accepted: dict[str, int] = {}
        for post in self.posts:
            accepted[post.provider] = accepted.get(post.provider, 0) + 1
        calls = [
            {"provider": p, "endpoint": e, "token": t, "count": n}
            for (p, e, t), n in sorted(self.calls.items())
        ]
        return {"calls": calls, "by_endpoint": by_endpoint, "accepted_posts": accepted}
