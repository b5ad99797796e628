"""Composition root of the publisher service: the only module that wires adapters to ports."""

from __future__ import annotations

import asyncio
import os
import socket
from dataclasses import dataclass

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
from services.publisher.adapters.mongo_post_repository import MongoPostRepository
from services.publisher.adapters.mongo_target_queue import MongoTargetQueue
from services.publisher.adapters.mongo_workspace_settings import MongoWorkspaceSettings
from services.publisher.adapters.nats_connection_directory import NatsConnectionDirectory
from services.publisher.adapters.nats_media_catalog import NatsMediaCatalog
from services.publisher.adapters.system_clock import SystemClock
from services.publisher.app.context import EnginePolicy, Publisher
from services.publisher.app.scheduler import Scheduler, WakeSignal
from services.publisher.domain.retry import RetryPolicy
from services.publisher.entrypoints.nats_rpc import register
from services.publisher.ports.clock import Clock
from services.publisher.ports.connection_directory import ConnectionDirectory
from services.publisher.ports.media_catalog import MediaCatalog
from services.publisher.ports.publishing_provider import ProviderRegistry
from shared.messaging.relay import JetStreamEventPublisher, OutboxRelay
from shared.messaging.rpc import RpcClient
from shared.runtime import ServiceApp, Worker, base_service_app
from shared.settings import Settings
from shared.telemetry import Telemetry

SERVICE = "publisher"


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
    core = Publisher(
        posts=MongoPostRepository(app.db),
        targets=MongoTargetQueue(app.db),
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
    relay = OutboxRelay(
        [app.db[mongo_target_queue.COLLECTION]],
        JetStreamEventPublisher(app.broker),
        poll_s=settings.outbox_poll_s,
    )
    app.indexes = [
        *mongo_post_repository.INDEXES,
        *mongo_target_queue.INDEXES,
        *mongo_attempt_log.INDEXES,
    ]
    app.workers = [relay.run, *_scheduler(settings, core, wake), _closing(http)]
    return app


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
        "mastodon": HttpMastodonPublisher(http),
        "bluesky": HttpBlueskyPublisher(http),
    }


def _closing(http: httpx.AsyncClient) -> Worker:
    async def close_on_stop(stop: asyncio.Event) -> None:
        await stop.wait()
        await http.aclose()

    return close_on_stop
