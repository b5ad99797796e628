"""Composition root of the publisher service: the only module that wires adapters to ports."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from services.publisher.adapters import (
    mongo_attempt_log,
    mongo_post_repository,
    mongo_target_queue,
)
from services.publisher.adapters.http_bluesky_publisher import HttpBlueskyPublisher
from services.publisher.adapters.http_mastodon_publisher import HttpMastodonPublisher
from services.publisher.adapters.http_tiktok_publisher import HttpTikTokPublisher
from services.publisher.adapters.mongo_attempt_log import MongoAttemptLog
from services.publisher.adapters.mongo_post_purge import MongoPostPurge
from services.publisher.adapters.mongo_post_repository import MongoPostRepository
from services.publisher.adapters.mongo_retention_copy import INDEXES as COPY_INDEXES
from services.publisher.adapters.mongo_retention_copy import MongoRetentionCopy
from services.publisher.adapters.mongo_subject_records import MongoSubjectRecords
from services.publisher.adapters.mongo_target_queue import MongoTargetQueue
from services.publisher.adapters.mongo_workspace_settings import MongoWorkspaceSettings
from services.publisher.adapters.nats_connection_directory import NatsConnectionDirectory
from services.publisher.adapters.nats_media_catalog import NatsMediaCatalog
from services.publisher.adapters.system_clock import SystemClock
from services.publisher.app.context import EnginePolicy, Publisher
from services.publisher.app.grant_cache import CachedConnections
from services.publisher.app.limits_cache import CachedLimits
from services.publisher.app.scheduler import Scheduler, WakeSignal
from services.publisher.domain.retry import RetryPolicy
from services.publisher.entrypoints.nats_limits_rpc import register_limits_rpc
from services.publisher.entrypoints.nats_privacy_rpc import register_privacy_rpc
from services.publisher.entrypoints.nats_retention_events import register_retention_consumer
from services.publisher.entrypoints.nats_rpc import register
from services.publisher.entrypoints.retention_worker import retention_worker
from services.publisher.ports.clock import Clock
from services.publisher.ports.connection_directory import ConnectionDirectory
from services.publisher.ports.media_catalog import MediaCatalog
from services.publisher.ports.publishing_provider import ProviderRegistry
from shared.messaging.consumer import RetryPolicy as DeliveryPolicy
from shared.messaging.inbox import MongoInbox, inbox_indexes
from shared.messaging.relay import JetStreamEventPublisher, OutboxRelay
from shared.messaging.rpc import RpcClient
from shared.runtime import ServiceApp, Worker, base_service_app
from shared.settings import Settings
from shared.store.values import epoch_ms
from shared.telemetry import Telemetry

SERVICE = "publisher"
PURGE_EVERY_S = 3600.0
# Auth's tokens stay valid >= 120 s after they are handed out (ConnectionTokenRequest
# min_valid_s). A grant is reused only very briefly: a connection whose consent was withdrawn
# must be seen as such by the next publish, not one kept for long (docs/decisions/0063-...).
GRANT_KEEP_S = 2.0
INSTANCE_LIMITS_KEEP_S = 300.0  # a Mastodon instance's configuration
RELAY_BATCH = 1000  # documents per relay pass: a wave leaves hundreds per pass
RELAY_FAILED_PAUSE_S = 2.0
RELAY_SETTLED_MS = 3000  # after this, any publisher's relay takes a pending target
log = logging.getLogger("gamontj.publisher")


@dataclass(frozen=True)
class Overrides:
    """Ports a test (or a benchmark) replaces; None keeps the production adapter."""

    providers: ProviderRegistry | None = None
    connections: ConnectionDirectory | None = None
    media: MediaCatalog | None = None
    clock: Clock | None = None


def policy_from(settings: Settings) -> EnginePolicy:
    return EnginePolicy(
        lease_s=settings.publisher_lease_s,
        retry=RetryPolicy(
            base_s=settings.publisher_backoff_base_s,
            cap_s=settings.publisher_backoff_cap_s,
            max_sends=settings.publisher_max_sends,
        ),
        poll_gap_s=settings.publisher_poll_gap_s,
        poll_cap_s=settings.publisher_poll_cap_s,
        poll_timeout_s=settings.publisher_poll_timeout_s,
        reconcile_delay_s=settings.publisher_reconcile_delay_s,
        reconcile_max=settings.publisher_reconcile_max,
        media_url_ttl_s=settings.publisher_media_url_ttl_s,
    )


def build(
    settings: Settings, telemetry: Telemetry, overrides: Overrides | None = None
) -> ServiceApp:
    """The publisher process: RPC handlers, the scheduler worker and the outbox relay."""
    overrides = overrides or Overrides()
    app = base_service_app(SERVICE, settings, telemetry)
    rpc = RpcClient(app.broker, timeout_s=settings.rpc_timeout_s)
    http = httpx.AsyncClient(timeout=settings.publisher_http_timeout_s)
    wake = WakeSignal()
    relay = OutboxRelay(
        [app.db[mongo_target_queue.COLLECTION]],
        JetStreamEventPublisher(app.broker),
        poll_s=settings.outbox_poll_s,
        batch=RELAY_BATCH,
        settled=_settled,
    )
    core = Publisher(
        posts=MongoPostRepository(app.db),
        targets=MongoTargetQueue(
            app.db, on_events=lambda target_id: relay.hint(mongo_target_queue.COLLECTION, target_id)
        ),
        attempts=MongoAttemptLog(app.db),
        providers=overrides.providers or _providers(http),
        connections=overrides.connections or NatsConnectionDirectory(rpc),
        media=overrides.media or NatsMediaCatalog(rpc),
        settings=MongoWorkspaceSettings(app.db),
        clock=overrides.clock or SystemClock(),
        signal=wake,
        policy=policy_from(settings),
    )
    register(app.broker, core)
    register_limits_rpc(app.broker, core)
    register_privacy_rpc(app.broker, MongoSubjectRecords(app.db))
    app.indexes = [
        *mongo_post_repository.INDEXES,
        *mongo_target_queue.INDEXES,
        *mongo_attempt_log.INDEXES,
    ]
    app.workers = [
        _paced(relay, settings.outbox_poll_s),
        *_scheduler(settings, _sending_core(core, cache=overrides.connections is None), wake),
        _closing(http),
    ]
    _retention(app, core)
    return app


def _retention(app: ServiceApp, core: Publisher) -> None:
    """The workspace's drafts window (from audit) and the purge of deleted posts and drafts."""
    copy = MongoRetentionCopy(app.db)
    delivery = DeliveryPolicy(
        max_deliver=app.settings.max_deliver, ack_wait_s=app.settings.ack_wait_s
    )
    register_retention_consumer(app.broker, MongoInbox(app.db), copy, delivery)
    inbox = inbox_indexes(int(app.settings.events_max_age_s))
    app.indexes = [*app.indexes, *COPY_INDEXES, *inbox]
    purge = MongoPostPurge(app.db)
    app.workers = [*app.workers, retention_worker(copy, purge, core.clock, every_s=PURGE_EVERY_S)]


def _settled() -> dict[str, object]:
    """Pending documents nobody wrote for a while: their writer (another publisher process,
    now dead or stuck) did not relay them, so any relay takes them. Fresher ones are left
    to the process that wrote them, which was hinted (docs/decisions/0067-...)."""
    return {"updated_ms": {"$lt": epoch_ms(datetime.now(UTC)) - RELAY_SETTLED_MS}}


def _paced(relay: OutboxRelay, gap_s: float) -> Worker:
    """The outbox relay at most once per `gap_s`, busy or not: a target's `post_publishing`
    and `post_published` then mostly leave in ONE pass over its document (two store writes,
    not four), at the price of up to `gap_s` more event latency (docs/decisions/0062-...)."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await relay.relay_once()
                pause = gap_s
            except Exception:
                log.exception("outbox relay pass failed; retrying")
                pause = RELAY_FAILED_PAUSE_S
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), pause)
        with contextlib.suppress(Exception):  # what is left waits in the documents
            await relay.relay_once()

    return run


def _sending_core(core: Publisher, *, cache: bool) -> Publisher:
    # Only the engine reuses grants. Validation (in a person's request) always asks auth
    # afresh, so a grant seen while scheduling can never be the one a later send uses after
    # the connection was disconnected or flagged for re-authorisation.
    if not cache:
        return core
    return replace(core, connections=CachedConnections(core.connections, ttl_s=GRANT_KEEP_S))


def _scheduler(settings: Settings, core: Publisher, wake: WakeSignal) -> list[Worker]:
    if not settings.publisher_scheduler:
        return []  # an API-only replica: other processes publish
    scheduler = Scheduler(
        core,
        owner=f"{socket.gethostname()}:{os.getpid()}",
        batch=settings.publisher_claim_batch,
        concurrency=settings.publisher_concurrency,
        idle_s=settings.publisher_idle_s,
        wake=wake,
    )
    return [scheduler.run]


def _providers(http: httpx.AsyncClient) -> ProviderRegistry:
    return {
        "tiktok": HttpTikTokPublisher(http),
        "mastodon": CachedLimits(HttpMastodonPublisher(http), ttl_s=INSTANCE_LIMITS_KEEP_S),
        "bluesky": HttpBlueskyPublisher(http),
    }


def _closing(http: httpx.AsyncClient) -> Worker:
    async def close_on_stop(stop: asyncio.Event) -> None:
        await stop.wait()
        await http.aclose()

    return close_on_stop
