"""Composition root of the auth service: the only module that wires adapters to ports."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
from pymongo.asynchronous.database import AsyncDatabase

from services.auth.adapters import (
    mongo_api_key_repository,
    mongo_connection_repository,
    mongo_invitation_repository,
    mongo_login_attempts,
    mongo_oauth_transaction_repository,
    mongo_privacy_acceptances,
    mongo_session_repository,
    mongo_signing_key_repository,
    mongo_user_repository,
    mongo_workspace_repository,
)
from services.auth.adapters.argon2_password_hasher import Argon2PasswordHasher
from services.auth.adapters.http_bluesky_session import HttpBlueskySession
from services.auth.adapters.http_mastodon_oauth import HttpMastodonOAuth
from services.auth.adapters.http_tiktok_oauth import HttpTikTokOAuth
from services.auth.adapters.joserfc_token_signer import JoserfcTokenSigner
from services.auth.adapters.local_key_vault import LocalKeyFileVault
from services.auth.adapters.mongo_data_key_repository import MongoDataKeyRepository
from services.auth.adapters.mongo_mastodon_app_registry import MongoMastodonAppRegistry
from services.auth.adapters.mongo_subject_records import MongoSubjectRecords
from services.auth.adapters.provider_settings import load_provider_settings
from services.auth.adapters.static_provider_registry import StaticProviderRegistry
from services.auth.adapters.system_clock import SystemClock
from services.auth.app.connection_context import ConnectionContext
from services.auth.app.core import AuthCore, AuthPolicy
from services.auth.app.erase_subject_scope import SubjectContext
from services.auth.app.refresh_due_connections import refresh_worker
from services.auth.app.token_cipher import TokenCipher
from services.auth.domain.signing_key import KeySchedule
from services.auth.domain.throttle import ThrottlePolicy
from services.auth.entrypoints.maintenance import maintenance_worker
from services.auth.entrypoints.nats_connections_rpc import register_connection_rpc
from services.auth.entrypoints.nats_privacy_rpc import register_privacy_rpc
from services.auth.entrypoints.nats_rpc import register_rpc
from services.auth.ports.key_vault import KeyVault
from shared.messaging.relay import JetStreamEventPublisher, OutboxRelay
from shared.runtime import ServiceApp, Worker, base_service_app
from shared.settings import Settings
from shared.telemetry import Telemetry

SERVICE = "auth"
# Collections whose documents carry outbox events, in the order the relay visits them.
OUTBOX_COLLECTIONS = (
    mongo_user_repository.COLLECTION,
    mongo_workspace_repository.COLLECTION,
    mongo_session_repository.COLLECTION,
    mongo_login_attempts.COLLECTION,
    mongo_invitation_repository.COLLECTION,
    mongo_api_key_repository.COLLECTION,
)
MAINTENANCE_EVERY_S = 60.0
REFRESH_EVERY_S = 30.0


def build(settings: Settings, telemetry: Telemetry) -> ServiceApp:
    """The auth process: identity RPCs, the outbox relay and the housekeeping worker."""
    app = base_service_app(SERVICE, settings, telemetry)
    db = app.db
    vault = key_vault(settings)
    core = build_core(settings, db, vault)
    relay = OutboxRelay(
        [db[name] for name in (*OUTBOX_COLLECTIONS, mongo_connection_repository.COLLECTION)],
        JetStreamEventPublisher(app.broker),
        poll_s=settings.outbox_poll_s,
    )
    register_rpc(app.broker, core, after_write=relay.wake)
    connections, close_http = build_connections(settings, db, vault)
    register_connection_rpc(app.broker, connections, connections_redirect(settings))
    subjects = MongoSubjectRecords(db)
    register_privacy_rpc(app.broker, SubjectContext(core, subjects, connections))
    sessions = mongo_session_repository.MongoSessionRepository(db)
    attempts = mongo_login_attempts.MongoLoginAttempts(db)
    grace_ms = 24 * 3600 * 1000

    async def publish_policy_version() -> None:
        await core.privacy.publish_version(
            version=settings.privacy_policy_version, now_ms=core.clock.now_ms()
        )

    async def purge() -> None:
        now = core.clock.now_ms()
        await sessions.purge_expired(before_ms=now - grace_ms)
        await attempts.purge_stale(before_ms=now - settings.login_window_s * 1000 - grace_ms)

    chores = [core.signer.rotate, publish_policy_version, purge]
    app.indexes = [*indexes(), *connection_indexes()]
    app.workers = [
        relay.run,
        maintenance_worker(chores, every_s=MAINTENANCE_EVERY_S),
        refresh_worker(connections, every_s=REFRESH_EVERY_S),
        close_http,
    ]
    return app


def build_connections(
    settings: Settings, db: AsyncDatabase[Any], vault: KeyVault
) -> tuple[ConnectionContext, Worker]:
    """Provider adapters (sandbox by default), encrypted token store, OAuth transactions."""
    providers = load_provider_settings()
    http = httpx.AsyncClient(timeout=providers.provider_timeout_s)
    registry = StaticProviderRegistry(
        [
            HttpTikTokOAuth(providers, http),
            HttpMastodonOAuth(
                instance_url=providers.mastodon_instance_url,
                scopes=providers.mastodon_scopes,
                registry=MongoMastodonAppRegistry(db, vault),
                http=http,
            ),
            HttpBlueskySession(pds_url=providers.bluesky_pds_url, http=http),
        ]
    )
    context = ConnectionContext(
        connections=mongo_connection_repository.MongoConnectionRepository(db),
        transactions=mongo_oauth_transaction_repository.MongoOAuthTransactionRepository(db),
        cipher=TokenCipher(vault, MongoDataKeyRepository(db)),
        providers=registry,
    )

    async def close_http(stop: asyncio.Event) -> None:
        await stop.wait()
        await http.aclose()

    return context, close_http


def connections_redirect(settings: Settings) -> Callable[[str], str]:
    """One exact redirect URI per provider, on the gateway's public address."""
    public = load_provider_settings().public_base_url or f"http://127.0.0.1:{settings.http_port}"
    return lambda provider: f"{public.rstrip('/')}/v1/oauth/{provider}/callback"


def connection_indexes() -> list[Any]:
    return [*mongo_connection_repository.INDEXES, *mongo_oauth_transaction_repository.INDEXES]


def build_core(settings: Settings, db: AsyncDatabase[Any], vault: KeyVault) -> AuthCore:
    """Every port of the auth core bound to its MongoDB (or crypto) adapter."""
    clock = SystemClock()
    schedule = KeySchedule(
        rotation_s=settings.signing_key_rotation_s,
        lead_s=settings.signing_key_lead_s,
        token_ttl_s=settings.access_token_ttl_s,
    )
    signing_keys = mongo_signing_key_repository.MongoSigningKeyRepository(db)
    return AuthCore(
        policy=auth_policy(settings),
        clock=clock,
        users=mongo_user_repository.MongoUserRepository(db),
        workspaces=mongo_workspace_repository.MongoWorkspaceRepository(db),
        sessions=mongo_session_repository.MongoSessionRepository(db),
        api_keys=mongo_api_key_repository.MongoApiKeyRepository(db),
        invitations=mongo_invitation_repository.MongoInvitationRepository(db),
        attempts=mongo_login_attempts.MongoLoginAttempts(db),
        privacy=mongo_privacy_acceptances.MongoPrivacyAcceptances(db),
        passwords=Argon2PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_kib=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
        ),
        signer=JoserfcTokenSigner(signing_keys, vault, clock, schedule),
    )


def auth_policy(settings: Settings) -> AuthPolicy:
    return AuthPolicy(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        access_ttl_s=settings.access_token_ttl_s,
        refresh_ttl_s=settings.refresh_token_ttl_s,
        invitation_ttl_s=settings.invitation_ttl_s,
        invitation_url=settings.invitation_url,
        privacy_policy_version=settings.privacy_policy_version,
        throttle=ThrottlePolicy(
            window_s=settings.login_window_s,
            max_per_account=settings.login_max_failures_per_account,
            max_per_ip=settings.login_max_failures_per_ip,
        ),
    )


def key_vault(settings: Settings) -> KeyVault:
    """The master key sealing signing keys (and workspace data keys); created in dev/test only."""
    path = settings.master_key_file or settings.data_dir / "keys" / "master.key"
    return LocalKeyFileVault.from_file(path, create=settings.env in ("dev", "test"))


def indexes() -> list[Any]:
    return [
        *mongo_user_repository.INDEXES,
        *mongo_workspace_repository.INDEXES,
        *mongo_session_repository.INDEXES,
        *mongo_api_key_repository.INDEXES,
        *mongo_invitation_repository.INDEXES,
        *mongo_login_attempts.INDEXES,
        *mongo_privacy_acceptances.INDEXES,
        *mongo_signing_key_repository.INDEXES,
    ]
