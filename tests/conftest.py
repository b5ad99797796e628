"""Suite-wide fixtures: real servers (from tests.fixtures.infra), settings per test, telemetry."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.js.client import JetStreamContext
from nats.js.errors import NotFoundError, ServerError
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging.streams import DEAD_STREAM, EVENTS_STREAM, ensure_streams
from shared.settings import Settings
from shared.telemetry import Telemetry, setup_telemetry

pytest_plugins = ["tests.fixtures.infra"]

_EXPORTER = InMemorySpanExporter()
_METRICS = InMemoryMetricReader()


@pytest.fixture(scope="session")
def telemetry() -> Telemetry:
    """One process-wide telemetry installation whose spans and metrics land in memory."""
    return setup_telemetry("tests", Settings(), span_exporter=_EXPORTER, metric_reader=_METRICS)


@pytest.fixture
def metric_reader(telemetry: Telemetry) -> InMemoryMetricReader:
    """Collect() returns cumulative points since the start of the session."""
    return _METRICS


@pytest.fixture
def spans(telemetry: Telemetry) -> Iterator[InMemorySpanExporter]:
    """The in-memory exporter, emptied for this test."""
    _EXPORTER.clear()
    yield _EXPORTER
    _EXPORTER.clear()


@pytest.fixture
def settings(nats_url: str, mongo_url: str, tmp_path: Path) -> Settings:
    """Settings for one test: its own databases (unique prefix) and quick timings."""
    return Settings(
        env="test",
        nats_url=nats_url,
        mongodb_url=mongo_url,
        db_prefix=f"t{uuid.uuid4().hex[:10]}",
        data_dir=tmp_path,
        outbox_poll_s=0.05,
        max_deliver=3,
        ack_wait_s=5.0,
        drain_timeout_s=3.0,
        rpc_timeout_s=3.0,
    )


@pytest.fixture
async def js(settings: Settings) -> AsyncIterator[JetStreamContext]:
    """JetStream with fresh EVENTS and DEAD streams: no test sees another's messages."""
    client = await nats.connect(settings.nats_url)
    context = client.jetstream()
    for name in (EVENTS_STREAM, DEAD_STREAM):
        with contextlib.suppress(NotFoundError):
            await context.delete_stream(name)
    await _recreate_streams(context, settings)
    yield context
    await client.close()


async def _recreate_streams(context: JetStreamContext, settings: Settings) -> None:
    # nats-server removes a deleted stream's file store asynchronously; creating the same name
    # straight after can meet the half-removed directory and answer 500 (err_code 10049).
    # That is the server tidying up, not a fault of ours, so the fixture waits it out.
    for _ in range(50):
        try:
            await ensure_streams(context, settings)
            return
        except ServerError:
            await asyncio.sleep(0.1)
    await ensure_streams(context, settings)


@pytest.fixture
async def mongo(settings: Settings) -> AsyncIterator[AsyncMongoClient[Any]]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(settings.mongodb_url, tz_aware=True)
    yield client
    for name in await client.list_database_names():
        if name.startswith(settings.db_prefix + "_"):
            await client.drop_database(name)
    await client.close()


@pytest.fixture
def db(mongo: AsyncMongoClient[Any], settings: Settings) -> AsyncDatabase[Any]:
    """A scratch database for kernel tests."""
    return mongo[settings.database_name("kernel")]
