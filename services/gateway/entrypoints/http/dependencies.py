"""What the HTTP layer needs from the composition root, handed over in one object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.gateway.entrypoints.http.identity import IdentityDeps
from services.gateway.ports.health_probe import HealthProbe


@dataclass(frozen=True)
class GatewayDeps:
    probe: HealthProbe
    readiness_timeout_s: float
    asyncapi: Callable[[], dict[str, Any]]
    # Absent in tests that run only the system endpoints.
    identity: IdentityDeps | None = None
    # Where a browser lands after connecting an account (empty: answer JSON).
    connect_return_url: str = ""
