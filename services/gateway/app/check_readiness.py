"""Use case: report readiness of the whole platform, asking every service concurrently."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from services.gateway.domain.readiness import (
    BACKEND_SERVICES,
    ComponentStatus,
    ReadinessReport,
    assess,
)
from services.gateway.ports.health_probe import HealthProbe


async def check_readiness(
    probe: HealthProbe,
    *,
    timeout_s: float,
    services: Sequence[str] = BACKEND_SERVICES,
) -> ReadinessReport:
    """Broker first: without it no service can answer, so they are reported as unreachable."""
    broker = probe.broker()
    if not broker.ok:
        unreachable = ComponentStatus(ok=False, detail="broker unavailable")
        return assess({"nats": broker} | dict.fromkeys(services, unreachable))
    answers = await asyncio.gather(*(probe.service(n, timeout_s=timeout_s) for n in services))
    return assess({"nats": broker} | dict(zip(services, answers, strict=True)))
