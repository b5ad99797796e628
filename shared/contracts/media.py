"""Contracts of the media service: its RPC subjects and the events it emits (`evt.media.*`)."""

from __future__ import annotations

from shared.contracts.rpc import health_subject

SERVICE = "media"
HEALTH = health_subject(SERVICE)
