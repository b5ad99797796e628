"""Fakes of our own ports, for tests of the core without I/O."""

from __future__ import annotations

from services.gateway.domain.readiness import ComponentStatus


class FakeHealthProbe:
    """HealthProbe whose answers the test decides; records which services it was asked about."""

    def __init__(
        self, *, broker_ok: bool = True, services: dict[str, ComponentStatus] | None = None
    ) -> None:
        self.broker_ok = broker_ok
        self.answers = services or {}
        self.asked: list[tuple[str, float]] = []

    def broker(self) -> ComponentStatus:
        return ComponentStatus(ok=self.broker_ok, detail="" if self.broker_ok else "down")

    async def service(self, name: str, *, timeout_s: float) -> ComponentStatus:
        self.asked.append((name, timeout_s))
        return self.answers.get(name, ComponentStatus(ok=True, mongo=True))
