"""Connection use cases wired to the real store, the local key vault and the in-process sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo.asynchronous.database import AsyncDatabase

from sandbox.runner import RunningSandbox, running_sandbox
from services.auth.adapters.http_bluesky_session import HttpBlueskySession
from services.auth.adapters.http_mastodon_oauth import HttpMastodonOAuth
from services.auth.adapters.http_tiktok_oauth import HttpTikTokOAuth
from services.auth.adapters.local_key_vault import LocalKeyFileVault
from services.auth.adapters.mongo_connection_repository import (
    INDEXES as CONNECTION_INDEXES,
)
from services.auth.adapters.mongo_connection_repository import MongoConnectionRepository
from services.auth.adapters.mongo_data_key_repository import MongoDataKeyRepository
from services.auth.adapters.mongo_mastodon_app_registry import MongoMastodonAppRegistry
from services.auth.adapters.mongo_oauth_transaction_repository import (
    INDEXES as TRANSACTION_INDEXES,
)
from services.auth.adapters.mongo_oauth_transaction_repository import (
    MongoOAuthTransactionRepository,
)
from services.auth.adapters.provider_settings import ProviderSettings
from services.auth.adapters.static_provider_registry import StaticProviderRegistry
from services.auth.app.connection_context import ConnectionContext, RefreshPolicy
from services.auth.app.token_cipher import TokenCipher
from shared.store.indexes import ensure_indexes


@pytest.fixture(scope="session")
async def sandbox_server() -> AsyncIterator[RunningSandbox]:
    async with running_sandbox() as running:
        yield running


@pytest.fixture
def sb(sandbox_server: RunningSandbox) -> RunningSandbox:
    sandbox_server.state.reset()
    return sandbox_server


@pytest.fixture
def provider_settings(sb: RunningSandbox) -> ProviderSettings:
    return ProviderSettings(
        public_base_url="http://127.0.0.1:8080",
        tiktok_auth_url=sb.url("tiktok"),
        tiktok_api_url=sb.url("tiktok"),
        mastodon_instance_url=sb.url("mastodon"),
        bluesky_pds_url=sb.url("bluesky"),
    )


@pytest.fixture
async def provider_http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield client


@pytest.fixture
async def connections(
    db: AsyncDatabase[Any],
    tmp_path: Path,
    provider_settings: ProviderSettings,
    provider_http: httpx.AsyncClient,
) -> ConnectionContext:
    """The connection use cases exactly as the auth service wires them."""
    await ensure_indexes(db, [*CONNECTION_INDEXES, *TRANSACTION_INDEXES])
    vault = LocalKeyFileVault.from_file(tmp_path / "master.key", create=True)
    registry = StaticProviderRegistry(
        [
            HttpTikTokOAuth(provider_settings, provider_http),
            HttpMastodonOAuth(
                instance_url=provider_settings.mastodon_instance_url,
                scopes=provider_settings.mastodon_scopes,
                registry=MongoMastodonAppRegistry(db, vault),
                http=provider_http,
            ),
            HttpBlueskySession(pds_url=provider_settings.bluesky_pds_url, http=provider_http),
        ]
    )
    return ConnectionContext(
        connections=MongoConnectionRepository(db),
        transactions=MongoOAuthTransactionRepository(db),
        cipher=TokenCipher(vault, MongoDataKeyRepository(db)),
        providers=registry,
        policy=RefreshPolicy(retry_delays_s=(0.01, 0.01)),
    )
