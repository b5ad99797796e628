"""Composition root of the audit service: the only module that wires adapters to ports."""

from __future__ import annotations

from services.audit.adapters.mongo_disclosure_ledger import INDEXES as DISCLOSURE_INDEXES
from services.audit.adapters.mongo_disclosure_ledger import MongoDisclosureLedger
from services.audit.adapters.mongo_ops_log_repository import INDEXES as OPS_INDEXES
from services.audit.adapters.mongo_ops_log_repository import MongoOpsLogRepository
from services.audit.adapters.mongo_privacy_request_repository import INDEXES as PRIVACY_INDEXES
from services.audit.adapters.mongo_privacy_request_repository import (
    MongoPrivacyRequestRepository,
)
from services.audit.adapters.mongo_privacy_trail import MongoPrivacyTrail
from services.audit.adapters.mongo_retention_repository import COLLECTION as RETENTION
from services.audit.adapters.mongo_retention_repository import MongoRetentionRepository
from services.audit.adapters.mongo_trail_purge import MongoTrailPurge
from services.audit.adapters.mongo_trail_repository import INDEXES as TRAIL_INDEXES
from services.audit.adapters.mongo_trail_repository import MongoTrailRepository
from services.audit.adapters.nats_subject_services import NatsSubjectServices
from services.audit.app.disclosure_purge import disclosure_purge_worker
from services.audit.app.privacy_worker import PrivacyWorker
from services.audit.app.purge_worker import purge_worker
from services.audit.entrypoints.disclosure_events import register_disclosure_consumer
from services.audit.entrypoints.disclosure_rpc import register_disclosure_rpc
from services.audit.entrypoints.nats_events import register_consumers
from services.audit.entrypoints.nats_privacy_rpc import register_privacy_rpc
from services.audit.entrypoints.nats_rpc import register_rpc
from shared.messaging.consumer import RetryPolicy
from shared.messaging.relay import JetStreamEventPublisher, OutboxRelay
from shared.messaging.rpc import RpcClient
from shared.runtime import ServiceApp, base_service_app
from shared.settings import Settings
from shared.telemetry import Telemetry

SERVICE = "audit"
PURGE_EVERY_S = 3600.0
PRIVACY_POLL_S = 5.0
# Longer than the slowest step (an erasure revoking tokens at providers) can take.
PRIVACY_LEASE_S = 120.0


def build(settings: Settings, telemetry: Telemetry) -> ServiceApp:
    """Trail and ops-log consumers, queries, retention (settings, purge job, change events)."""
    app = base_service_app(SERVICE, settings, telemetry)
    trail = MongoTrailRepository(app.db)
    ops = MongoOpsLogRepository(app.db)
    retention = MongoRetentionRepository(app.db)
    policy = RetryPolicy(max_deliver=settings.max_deliver, ack_wait_s=settings.ack_wait_s)
    register_consumers(app.broker, trail, ops, policy)
    register_rpc(app.broker, trail, ops, retention)
    privacy = privacy_worker(app)
    disclosures = MongoDisclosureLedger(app.db)
    register_disclosure_consumer(app.broker, disclosures, policy)
    register_disclosure_rpc(app.broker, disclosures)
    relay = OutboxRelay(
        [app.db[RETENTION]], JetStreamEventPublisher(app.broker), poll_s=settings.outbox_poll_s
    )
    app.indexes = [*TRAIL_INDEXES, *OPS_INDEXES, *DISCLOSURE_INDEXES, *PRIVACY_INDEXES]
    app.workers = [
        relay.run,
        privacy.runner(),
        purge_worker(retention, MongoTrailPurge(app.db), every_s=PURGE_EVERY_S),
        disclosure_purge_worker(retention, disclosures, every_s=PURGE_EVERY_S),
    ]
    return app


def privacy_worker(app: ServiceApp) -> PrivacyWorker:
    """Data-subject requests: RPCs to file and read them, and the saga worker that runs them."""
    requests = MongoPrivacyRequestRepository(app.db)
    services = NatsSubjectServices(RpcClient(app.broker, timeout_s=app.settings.rpc_timeout_s))
    worker = PrivacyWorker(requests, services, poll_s=PRIVACY_POLL_S, lease_s=PRIVACY_LEASE_S)
    register_privacy_rpc(
        app.broker, requests, services, MongoPrivacyTrail(app.db), filed=worker.wake
    )
    return worker
