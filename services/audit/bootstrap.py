"""Composition root of the audit service: the only module that wires adapters to ports."""

from __future__ import annotations

from services.audit.adapters.mongo_ops_log_repository import INDEXES as OPS_INDEXES
from services.audit.adapters.mongo_ops_log_repository import MongoOpsLogRepository
from services.audit.adapters.mongo_retention_repository import COLLECTION as RETENTION
from services.audit.adapters.mongo_retention_repository import MongoRetentionRepository
from services.audit.adapters.mongo_trail_purge import MongoTrailPurge
from services.audit.adapters.mongo_trail_repository import INDEXES as TRAIL_INDEXES
from services.audit.adapters.mongo_trail_repository import MongoTrailRepository
from services.audit.app.purge_worker import purge_worker
from services.audit.entrypoints.nats_events import register_consumers
from services.audit.entrypoints.nats_rpc import register_rpc
from shared.messaging.consumer import RetryPolicy
from shared.messaging.relay import JetStreamEventPublisher, OutboxRelay
from shared.runtime import ServiceApp, base_service_app
from shared.settings import Settings
from shared.telemetry import Telemetry

SERVICE = "audit"
PURGE_EVERY_S = 3600.0


def build(settings: Settings, telemetry: Telemetry) -> ServiceApp:
    """Trail and ops-log consumers, queries, retention (settings, purge job, change events)."""
    app = base_service_app(SERVICE, settings, telemetry)
    trail = MongoTrailRepository(app.db)
    ops = MongoOpsLogRepository(app.db)
    retention = MongoRetentionRepository(app.db)
    policy = RetryPolicy(max_deliver=settings.max_deliver, ack_wait_s=settings.ack_wait_s)
    register_consumers(app.broker, trail, ops, policy)
    register_rpc(app.broker, trail, ops, retention)
    relay = OutboxRelay(
        [app.db[RETENTION]], JetStreamEventPublisher(app.broker), poll_s=settings.outbox_poll_s
    )
    app.indexes = [*TRAIL_INDEXES, *OPS_INDEXES]
    app.workers = [
        relay.run,
        purge_worker(retention, MongoTrailPurge(app.db), every_s=PURGE_EVERY_S),
    ]
    return app
