"""Port: how the gateway learns whether the broker and each service can work."""

from __future__ import annotations

from typing import Protocol

from services.gateway.domain.readiness import ComponentStatus


class HealthProbe(Protocol):
    """Asks infrastructure and services for their status, bounded in time."""

    def broker(self) -> ComponentStatus: ...

    async def service(self, name: str, *, timeout_s: float) -> ComponentStatus: ...
