"""Fault injection rules: which provider endpoint misbehaves, how, and for how many calls."""

from __future__ import annotations

import itertools
from typing import Literal

import msgspec

FaultKind = Literal[
    "latency", "hold_answer", "error", "rate_limit", "reset_before", "reset_after", "fail_publish"
]
TERMINAL_KINDS = frozenset({"error", "rate_limit", "reset_before", "reset_after"})
# `latency` waits before the handler runs; `hold_answer` lets the handler do its work at once
# and keeps the answer back for `latency_ms`, or until the rule is removed (a release).
LATENCY_KINDS = frozenset({"latency"})
HOLD_KINDS = frozenset({"hold_answer"})


class Fault(msgspec.Struct, kw_only=True):
    """One injected misbehaviour; `after` matching calls pass first, then `times` calls fire."""

    provider: str
    kind: FaultKind
    endpoint: str = "*"
    times: int | None = None
    after: int = 0
    latency_ms: int = 0
    status: int = 503
    retry_after_s: int = 60
    fail_reason: str = "internal"
    headers: dict[str, str] = msgspec.field(default_factory=dict)
    id: str = ""
    seen: int = 0
    fired: int = 0

    def matches(self, provider: str, endpoint: str, kinds: frozenset[str]) -> bool:
        return self.provider == provider and self.endpoint in ("*", endpoint) and self.kind in kinds

    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times


class FaultBook:
    """The active faults, consulted in the order they were added."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self._ids = itertools.count(1)

    def add(self, fault: Fault) -> Fault:
        fault.id = f"f{next(self._ids)}"
        self.faults.append(fault)
        return fault

    def remove(self, fault_id: str) -> bool:
        before = len(self.faults)
        self.faults = [f for f in self.faults if f.id != fault_id]
        return len(self.faults) != before

    def clear(self) -> None:
        self.faults.clear()

    def active(self, fault_id: str) -> bool:
        """Whether the rule is still in the book (removing it releases held answers)."""
        return any(f.id == fault_id for f in self.faults)

    def take(
        self, provider: str, endpoint: str, kinds: frozenset[str], *, first_only: bool = False
    ) -> list[Fault]:
        """Faults that fire on this call; every matching rule sees the call once."""
        fired: list[Fault] = []
        for fault in self.faults:
            if not fault.matches(provider, endpoint, kinds):
                continue
            fault.seen += 1
            if fault.seen <= fault.after or fault.exhausted():
                continue
            if first_only and fired:
                fault.seen -= 1
                continue
            fault.fired += 1
            fired.append(fault)
        return fired
