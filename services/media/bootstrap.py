"""Composition root of the media service: the only module that wires adapters to ports."""

from __future__ import annotations

from shared.runtime import ServiceApp, base_service_app
from shared.settings import Settings
from shared.telemetry import Telemetry

SERVICE = "media"


def build(settings: Settings, telemetry: Telemetry) -> ServiceApp:
    """The media process: its store, its broker and the health RPC that readiness asks."""
    return base_service_app(SERVICE, settings, telemetry)
