"""Composition root of the audit service: the only module that wires adapters to ports."""

from __future__ import annotations

from services.audit.adapters.mongo_ops_log_repository import INDEXES as OPS_INDEXES
from services.audit.adapters.mongo_ops_log_repository import MongoOpsLogRepository
from services.audit.adapters.mongo_trail_repository import INDEXES as TRAIL_INDEXES
from services.audit.adapters.mongo_trail_repository import MongoTrailRepository
from services.audit.entrypoints.nats_events import register_consumers
from services.audit.entrypoints.nats_rpc import register_rpc
from shared.messaging.consumer import RetryPolicy
from shared.runtime import ServiceApp, base_service_app
from shared.settings import Settings
from shared.telemetry import Telemetry

SERVICE = "audit"


def build(settings: Settings, telemetry: Telemetry) -> ServiceApp:
    """Trail and ops-log consumers, their queries, and the store indexes they rely on."""
    app = base_service_app(SERVICE, settings, telemetry)
    trail = MongoTrailRepository(app.db)
    ops = MongoOpsLogRepository(app.db)
    policy = RetryPolicy(max_deliver=settings.max_deliver, ack_wait_s=settings.ack_wait_s)
    register_consumers(app.broker, trail, ops, policy)
    register_rpc(app.broker, trail, ops)
    app.indexes = [*TRAIL_INDEXES, *OPS_INDEXES]
    return app
