"""Fixtures of the media tests: the service built as its process builds it, with test doubles
where a test needs them (storage to inspect, a resolver to fake DNS, a clock to travel)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import boto3
import msgspec
import pytest
from moto.server import ThreadedMotoServer
from nats.js.client import JetStreamContext

from services.media.bootstrap import MediaService, build_media
from services.media.ports.blob_storage import BlobStorage
from services.media.ports.clock import Clock
from services.media.ports.resolver import Resolver
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.media.fakes import FakeBlobStorage, FakeResolver
from tests.media.support import StartMedia

BUCKET = "gamontj-media-test"


@pytest.fixture
def media_settings(settings: Settings) -> Settings:
    """A free data-plane port, a quick import time cap, small caps, no background purge."""
    return msgspec.structs.replace(
        settings,
        media_http_port=0,
        media_import_timeout_s=2.0,
        media_import_max_bytes=256 * 1024,
        media_max_image_bytes=512 * 1024,
        media_max_video_bytes=2 * 1024 * 1024,
        media_purge_interval_s=3600.0,
    )


@pytest.fixture
async def start_media(
    media_settings: Settings, telemetry: Telemetry, js: JetStreamContext
) -> AsyncIterator[StartMedia]:
    """Start the media service (once per test) with optional replacements."""
    started: list[MediaService] = []

    async def start(
        *,
        settings: Settings | None = None,
        storage: BlobStorage | None = None,
        resolver: Resolver | None = None,
        clock: Clock | None = None,
    ) -> MediaService:
        service = build_media(
            settings or media_settings,
            telemetry,
            storage=storage or FakeBlobStorage(),
            resolver=resolver or FakeResolver(),
            clock=clock,
        )
        await service.app.start()
        started.append(service)
        return service

    yield start
    for service in started:
        if not service.app.stopped:
            await service.app.stop()


@pytest.fixture
async def media(start_media: StartMedia) -> MediaService:
    return await start_media()


@pytest.fixture(scope="session")
def s3_client() -> Iterator[Any]:
    """A moto S3 server on a free loopback port for the whole session."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    server.stop()
