"""Figures of a publisher wave, from the stored targets and the sandbox's own ledger."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from sandbox.state import SandboxState
from services.publisher.domain.target_state import FINAL

FINAL_STATES = [s.value for s in FINAL]
FIELDS = {
    "state": 1,
    "due_ms": 1,
    "lateness_ms": 1,
    "published_ms": 1,
    "updated_ms": 1,
    "outbox_pending": 1,
}


async def unfinished(db: AsyncDatabase[Any]) -> int:
    return await db["targets"].count_documents({"state": {"$nin": FINAL_STATES}})


async def stored_figures(db: AsyncDatabase[Any], due_ms: int) -> dict[str, object]:
    """Throughput, lateness and final states as the publisher recorded them."""
    docs = await db["targets"].find({}, FIELDS).to_list()
    states = Counter(str(d["state"]) for d in docs)
    done = sorted(
        int(d.get("published_ms") or d.get("updated_ms") or 0) - due_ms
        for d in docs
        if d["state"] in FINAL_STATES
    )
    lateness = sorted(int(d["lateness_ms"]) for d in docs if d.get("lateness_ms") is not None)
    figures: dict[str, object] = {
        "final_states": dict(states),
        "lost": sum(n for s, n in states.items() if s not in FINAL_STATES),
        # Events not yet handed to JetStream when the last target became final.
        "outbox_pending_at_end": sum(1 for d in docs if d.get("outbox_pending")),
        "lateness_ms": {
            "p50": _pick(lateness, 0.50),
            "p99": _pick(lateness, 0.99),
            "max": lateness[-1] if lateness else None,
        },
    }
    if done:
        last_s = max(done[-1], 1) / 1000
        figures["last_final_after_due_s"] = round(last_s, 2)
        figures["throughput_from_due_per_s"] = round(len(done) / last_s, 1)
        draining = _draining_rate(done)
        figures["throughput_draining_per_s"] = draining
        if draining:
            # The wave queues up: at this rate the 99th percentile waits this long anyway.
            figures["p99_lateness_the_rate_allows_s"] = round(0.99 * len(done) / draining, 2)
    return figures


def _pick(values: list[int], quantile: float) -> int | None:
    if not values:
        return None
    return values[min(len(values) - 1, int(quantile * len(values)))]


def _draining_rate(done_ms: list[int]) -> float | None:
    """Completions per second between the 10th and 90th percentile: the rate once the wave
    drains at full speed, without the start-up ramp and the last stragglers."""
    low, high = int(0.1 * len(done_ms)), int(0.9 * len(done_ms)) - 1
    span_ms = done_ms[high] - done_ms[low]
    if high <= low or span_ms <= 0:
        return None
    return round((high - low) / (span_ms / 1000), 1)


def sandbox_figures(
    state: SandboxState, accounts: int, expected_per_account: int
) -> dict[str, object]:
    """Duplicates by the sandbox's own count of posts per account (and per idempotency key)."""
    posts = state.counters.posts_for("mastodon")
    per_account = Counter(p.account for p in posts)
    per_key = Counter(p.key for p in posts)
    return {
        "sandbox_posts": len(posts),
        "sandbox_accounts": len(per_account),
        "duplicates": sum(max(0, n - expected_per_account) for n in per_account.values()),
        "duplicate_keys": sum(n - 1 for n in per_key.values() if n > 1),
        "missing_at_sandbox": accounts * expected_per_account
        - sum(min(n, expected_per_account) for n in per_account.values()),
    }
