"""The auth service and the real gateway in the test's loop, with cheap password hashing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import msgspec
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from shared.runtime import ServiceApp
from shared.settings import Settings
from shared.telemetry import Telemetry
from tests.support.platform import gateway_client, start_service

# Tests only: argon2 at its cheapest. Production defaults are checked in test_passwords.py.
CHEAP_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 256, "argon2_parallelism": 1}


def identity_settings(base: Settings, **overrides: Any) -> Settings:
    """Test settings: cheap hashing, JWKS refetch without delay, fast outbox."""
    values: dict[str, Any] = {
        **CHEAP_ARGON2,
        "jwks_refetch_min_s": 0.0,
        "outbox_poll_s": 0.05,
        "api_key_cache_s": 0.5,
    }
    return msgspec.structs.replace(base, **(values | overrides))


def module_settings(nats_url: str, mongo_url: str, data_dir: Path) -> Settings:
    base = Settings(
        env="test",
        nats_url=nats_url,
        mongodb_url=mongo_url,
        db_prefix=f"a{uuid.uuid4().hex[:10]}",
        data_dir=data_dir,
        rpc_timeout_s=3.0,
        drain_timeout_s=3.0,
    )
    return identity_settings(base)


@dataclass
class Platform:
    http: httpx.AsyncClient
    auth: ServiceApp
    settings: Settings

    @property
    def db(self) -> AsyncDatabase[Any]:
        return self.auth.db


@asynccontextmanager
async def running(
    settings: Settings,
    telemetry: Telemetry,
    *,
    keep_data: bool = False,
    also: tuple[str, ...] = (),
) -> AsyncIterator[Platform]:
    """Auth service (plus `also`) and the gateway; databases dropped unless `keep_data`."""
    auth = await start_service("auth", settings, telemetry)
    others = [await start_service(name, settings, telemetry) for name in also]
    try:
        async with gateway_client(settings, telemetry) as http:
            yield Platform(http=http, auth=auth, settings=settings)
    finally:
        for app in [*others, auth]:
            if not app.stopped:
                await app.stop()
        if not keep_data:
            await drop_databases(settings)


async def drop_databases(settings: Settings) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(settings.mongodb_url)
    try:
        for name in await client.list_database_names():
            if name.startswith(settings.db_prefix + "_"):
                await client.drop_database(name)
    finally:
        await client.close()
