"""Composition root of the audit service: the only module that wires adapters to ports."""

from __future__ import annotations

from shared.runtime import ServiceApp, base_service_app
from shared.settings import Settings
from shared.telemetry import Telemetry

SERVICE = "audit"


def build(settings: Settings, telemetry: Telemetry) -> ServiceApp:
    """The audit process: its store, its broker and the health RPC that readiness asks."""
    return base_service_app(SERVICE, settings, telemetry)
