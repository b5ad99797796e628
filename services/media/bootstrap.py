"""Composition root of the media service: the only module that wires adapters to ports."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

from services.media.adapters import mongo_media_repository, mongo_workspace_settings_repository
from services.media.adapters.dns_resolver import DnsResolver
from services.media.adapters.fs_blob_storage import FsBlobStorage
from services.media.adapters.hmac_url_signer import HmacUrlSigner
from services.media.adapters.httpx_pinned_fetcher import HttpxPinnedFetcher
from services.media.adapters.mongo_publish_marks import INDEXES as MARK_INDEXES
from services.media.adapters.mongo_publish_marks import MongoPublishMarks
from services.media.adapters.mongo_retention_copy import INDEXES as COPY_INDEXES
from services.media.adapters.mongo_retention_copy import MongoRetentionCopy
from services.media.adapters.mongo_subject_records import MongoSubjectRecords
from services.media.adapters.pillow_pyav_prober import PillowPyAvProber
from services.media.adapters.signing_key import load_signing_key
from services.media.adapters.system_clock import SystemClock
from services.media.app.context import DataPlaneUrls, MediaContext
from services.media.domain.limits import MediaLimits
from services.media.entrypoints.http.app import create_data_plane
from services.media.entrypoints.http.server import DataPlaneServer, bind, public_base
from services.media.entrypoints.nats_privacy_rpc import register_privacy_rpc
from services.media.entrypoints.nats_retention_events import register_retention_consumers
from services.media.entrypoints.nats_rpc import register_media_rpc
from services.media.entrypoints.retention_worker import retention_worker
from services.media.entrypoints.workers import media_workers
from services.media.ports.blob_storage import BlobStorage
from services.media.ports.clock import Clock
from services.media.ports.resolver import Resolver
from shared.messaging.consumer import RetryPolicy
from shared.messaging.inbox import MongoInbox, inbox_indexes
from shared.messaging.relay import JetStreamEventPublisher, OutboxRelay
from shared.runtime import ServiceApp, Worker, base_service_app
from shared.settings import Settings, SettingsError
from shared.telemetry import Telemetry

SERVICE = "media"
PROBE_WORKERS = 2
IMPORT_WORKERS = 2


@dataclass(frozen=True)
class MediaService:
    app: ServiceApp
    ctx: MediaContext


def build(settings: Settings, telemetry: Telemetry) -> ServiceApp:
    """RPC handlers, the outbox relay, the HTTP data plane and the background loops."""
    return build_media(settings, telemetry).app


def build_media(
    settings: Settings,
    telemetry: Telemetry,
    *,
    storage: BlobStorage | None = None,
    resolver: Resolver | None = None,
    clock: Clock | None = None,
) -> MediaService:
    """The service with its use-case context; tests may replace the storage, the resolver and
    the clock (the component-test variant of the composition root)."""
    check_settings(settings)
    key = load_signing_key(settings.media_signing_key, data_dir=settings.data_dir, env=settings.env)
    # Bound before any connection exists, so a busy port fails the build with nothing to leak.
    sock = bind(settings.media_http_host, settings.media_http_port)
    public = settings.media_public_url or public_base(sock)
    app = base_service_app(SERVICE, settings, telemetry)
    ctx = MediaContext(
        media=mongo_media_repository.MongoMediaRepository(app.db),
        workspace_settings=mongo_workspace_settings_repository.MongoWorkspaceSettingsRepository(
            app.db
        ),
        storage=storage or build_storage(settings),
        prober=PillowPyAvProber(max_pixels=settings.media_max_pixels),
        resolver=resolver or DnsResolver(),
        fetcher=HttpxPinnedFetcher(),
        signer=HmacUrlSigner(key),
        clock=clock or SystemClock(),
        limits=media_limits(settings),
        urls=DataPlaneUrls(public=public, internal=settings.media_internal_url or public),
    )
    register_media_rpc(app.broker, ctx, queue=SERVICE)
    register_privacy_rpc(app.broker, MongoSubjectRecords(app.db), ctx.storage, queue=SERVICE)
    app.indexes = [*mongo_media_repository.INDEXES, *mongo_workspace_settings_repository.INDEXES]
    app.workers = [*_transport_workers(app, ctx, sock, telemetry), *_background(ctx, settings)]
    _retention(app, ctx)
    return MediaService(app=app, ctx=ctx)


def _transport_workers(
    app: ServiceApp, ctx: MediaContext, sock: socket.socket, telemetry: Telemetry
) -> list[Worker]:
    """The outbox relay (events out) and the HTTP data plane (bytes in and out)."""
    relay = OutboxRelay(
        [app.db[mongo_media_repository.COLLECTION]],
        JetStreamEventPublisher(app.broker),
        poll_s=app.settings.outbox_poll_s,
    )
    plane = DataPlaneServer(
        create_data_plane(ctx, tracer_provider=telemetry.tracer_provider),
        sock,
        drain_timeout_s=app.settings.drain_timeout_s,
    )
    return [relay.run, plane.run]


def _retention(app: ServiceApp, ctx: MediaContext) -> None:
    """The workspace's retention (from audit) and media sends (from the publisher), enforced."""
    copy, marks = MongoRetentionCopy(app.db), MongoPublishMarks(app.db)
    policy = RetryPolicy(max_deliver=app.settings.max_deliver, ack_wait_s=app.settings.ack_wait_s)
    register_retention_consumers(app.broker, MongoInbox(app.db), copy, marks, policy)
    inbox = inbox_indexes(int(app.settings.events_max_age_s))
    app.indexes = [*app.indexes, *COPY_INDEXES, *MARK_INDEXES, *inbox]
    every_s = app.settings.media_purge_interval_s
    app.workers = [*app.workers, retention_worker(ctx, copy, marks, every_s=every_s)]


def _background(ctx: MediaContext, settings: Settings) -> list[Worker]:
    return media_workers(
        ctx,
        probes=PROBE_WORKERS,
        imports=IMPORT_WORKERS,
        purge_every_s=settings.media_purge_interval_s,
    )


def check_settings(settings: Settings) -> None:
    """Refuse combinations that must never reach production."""
    if settings.env == "prod" and settings.media_import_allow_loopback_for_tests:
        raise SettingsError("GAMONTJ_MEDIA_IMPORT_ALLOW_LOOPBACK_FOR_TESTS is refused in prod")
    if settings.media_storage not in ("fs", "s3"):
        raise SettingsError("GAMONTJ_MEDIA_STORAGE must be `fs` or `s3`")


def media_limits(settings: Settings) -> MediaLimits:
    return MediaLimits(
        max_image_bytes=settings.media_max_image_bytes,
        max_video_bytes=settings.media_max_video_bytes,
        max_pixels=settings.media_max_pixels,
        upload_url_ttl_s=settings.media_upload_url_ttl_s,
        download_url_ttl_s=settings.media_download_url_ttl_s,
        unattached_ttl_s=settings.media_unattached_ttl_s,
        import_max_bytes=settings.media_import_max_bytes,
        import_timeout_s=settings.media_import_timeout_s,
        import_max_redirects=settings.media_import_max_redirects,
        import_allow_loopback=settings.media_import_allow_loopback_for_tests,
    )


def build_storage(settings: Settings) -> BlobStorage:
    """The filesystem under `<data_dir>/media` by default; S3 only when configured."""
    if settings.media_storage == "fs":
        return FsBlobStorage(settings.data_dir / "media" / "blobs")
    # Imported here: boto3 is large and only S3 installations need it.
    import boto3

    from services.media.adapters.s3_blob_storage import S3BlobStorage

    client: Any = boto3.client(
        "s3",
        endpoint_url=settings.media_s3_endpoint_url or None,
        region_name=settings.media_s3_region,
    )
    return S3BlobStorage(client, settings.media_s3_bucket)
