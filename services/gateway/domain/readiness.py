"""Readiness: the platform is ready only when the broker and every backend service are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import msgspec

BACKEND_SERVICES = ("auth", "media", "publisher", "audit")


class ComponentStatus(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    ok: bool
    detail: str = ""
    mongo: bool | None = None
    latency_ms: float | None = None


class ReadinessReport(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["ok", "unavailable"]
    components: dict[str, ComponentStatus]


def assess(components: Mapping[str, ComponentStatus]) -> ReadinessReport:
    ready = all(component.ok for component in components.values())
    return ReadinessReport(status="ok" if ready else "unavailable", components=dict(components))
