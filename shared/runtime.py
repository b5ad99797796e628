"""A service process: connect, serve RPC and consumers, run workers, drain on SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from faststream.nats import NatsBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts.rpc import HealthReply, HealthRequest, health_subject
from shared.logs import configure_logging
from shared.messaging.broker import BrokerUnavailable, connect_broker, jetstream, make_broker
from shared.messaging.consumer import registered_consumers
from shared.messaging.rpc import rpc_handler
from shared.metrics import record_consumer_pending
from shared.settings import Settings, SettingsError, load_settings
from shared.store.indexes import IndexSpec, ensure_indexes
from shared.store.mongo import StoreUnavailable, make_mongo_client, ping, require_store
from shared.telemetry import Telemetry, setup_telemetry, shutdown_telemetry

log = logging.getLogger("gamontj.runtime")

LAG_EVERY_S = 10.0

Worker = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


@dataclass
class ServiceApp:
    """Everything one service process runs; built by the service's bootstrap."""

    name: str
    settings: Settings
    broker: NatsBroker
    mongo: AsyncMongoClient[Any]
    indexes: Sequence[IndexSpec] = ()
    workers: Sequence[Worker] = ()
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    @property
    def db(self) -> AsyncDatabase[Any]:
        return self.mongo[self.settings.database_name(self.name)]

    async def start(self) -> None:
        await require_store(self.mongo, self.settings)
        await ensure_indexes(self.db, self.indexes)
        await connect_broker(self.broker, self.settings)
        await self.broker.start()
        workers = [*self.workers, self._report_consumer_lag]
        self._tasks = [asyncio.create_task(worker(self._stop)) for worker in workers]
        log.info("service started", extra={"service.name": self.name})

    async def stop(self) -> None:
        """Drain: workers finish their pass, in-flight handlers complete, then connections close."""
        self._stop.set()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=self.settings.drain_timeout_s)
            for task in pending:
                task.cancel()
        await self.broker.stop()
        await self.mongo.close()
        log.info("service stopped", extra={"service.name": self.name})

    async def _report_consumer_lag(self, stop: asyncio.Event) -> None:
        """Publish each durable consumer's pending count as a gauge (operators watch its lag)."""
        js = jetstream(self.broker)
        while not stop.is_set():
            for stream, durable in registered_consumers(self.broker):
                try:
                    info = await js.consumer_info(stream, durable)
                except Exception:  # a transient broker hiccup must not end the worker
                    log.debug("consumer info unavailable", extra={"consumer": durable})
                    continue
                record_consumer_pending(durable, stream, int(info.num_pending or 0))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=LAG_EVERY_S)


def register_health(broker: NatsBroker, service: str, mongo: AsyncMongoClient[Any]) -> None:
    """Answer `rpc.<service>.health` with whether this process can reach its store."""

    @rpc_handler(broker, health_subject(service), queue=service, request_type=HealthRequest)
    async def health(_: HealthRequest) -> HealthReply:
        mongo_ok = await ping(mongo, timeout_s=0.5)
        return HealthReply(service=service, ok=mongo_ok, mongo=mongo_ok)


def run_service(name: str, build: Callable[[Settings, Telemetry], ServiceApp]) -> None:
    """`python -m services.<name>`: a missing NATS or MongoDB exits with a clear message."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        sys.exit(f"{name}: {exc}")
    configure_logging(name, settings.log_level)
    telemetry = setup_telemetry(name, settings)
    try:
        asyncio.run(_serve(build(settings, telemetry)))
    except (BrokerUnavailable, StoreUnavailable) as exc:
        sys.exit(f"{name}: {exc}")
    finally:
        shutdown_telemetry()


async def _serve(app: ServiceApp) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await app.start()
    await stop.wait()
    await app.stop()


def base_service_app(name: str, settings: Settings, telemetry: Telemetry) -> ServiceApp:
    """A service with its broker, store client and health RPC; bootstraps add the rest."""
    broker = make_broker(
        settings,
        service=name,
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
    )
    mongo = make_mongo_client(settings, service=name)
    register_health(broker, name, mongo)
    return ServiceApp(name=name, settings=settings, broker=broker, mongo=mongo)
