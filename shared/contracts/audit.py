"""Contracts of the audit service: its RPC subjects and the events it emits (`evt.audit.*`)."""

from __future__ import annotations

from shared.contracts.rpc import health_subject

SERVICE = "audit"
HEALTH = health_subject(SERVICE)
