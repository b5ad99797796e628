"""Contracts of the auth service: its RPC subjects and the events it emits (`evt.auth.*`)."""

from __future__ import annotations

from shared.contracts.rpc import health_subject

SERVICE = "auth"
HEALTH = health_subject(SERVICE)
