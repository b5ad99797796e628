"""Contracts of the publisher service: its RPC subjects and its events (`evt.publisher.*`)."""

from __future__ import annotations

from shared.contracts.rpc import health_subject

SERVICE = "publisher"
HEALTH = health_subject(SERVICE)
