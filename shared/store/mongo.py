"""The AsyncMongoClient factory (PyMongo async API, successor of Motor) and a reachability probe."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from shared.settings import Settings

# PyMongo's command log carries whole query and update documents (e-mail addresses, names):
# it must never be emitted, whatever level the rest of the process logs at.
logging.getLogger("pymongo").setLevel(logging.WARNING)


class StoreUnavailable(RuntimeError):
    """MongoDB could not be reached in time; the message says where we looked."""


def make_mongo_client(settings: Settings, *, service: str) -> AsyncMongoClient[Any]:
    return AsyncMongoClient(
        settings.mongodb_url,
        appname=f"gamontj-{service}",
        tz_aware=True,
        serverSelectionTimeoutMS=int(settings.connect_timeout_s * 1000),
        connectTimeoutMS=int(settings.connect_timeout_s * 1000),
    )


async def ping(client: AsyncMongoClient[Any], *, timeout_s: float = 1.0) -> bool:
    try:
        await asyncio.wait_for(client.admin.command("ping"), timeout=timeout_s)
    except (PyMongoError, TimeoutError, OSError):
        return False
    return True


async def require_store(client: AsyncMongoClient[Any], settings: Settings) -> None:
    """Fail start-up with a clear message when the store is unreachable."""
    if not await ping(client, timeout_s=settings.connect_timeout_s * 2):
        raise StoreUnavailable(
            f"cannot reach MongoDB at {settings.mongodb_url} "
            "(is the store running? `make run` starts one; MONGODB_URL points elsewhere)"
        )
