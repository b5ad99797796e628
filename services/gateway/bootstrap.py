"""Composition root of the gateway: broker, RPC client, probes and the HTTP application."""

from __future__ import annotations

from dataclasses import dataclass

from faststream.nats import NatsBroker
from litestar import Litestar

from services.gateway.adapters.jwks_credential_verifier import JwksCredentialVerifier
from services.gateway.adapters.nats_access_policy_source import NatsAccessPolicySource
from services.gateway.adapters.nats_health_probe import NatsHealthProbe
from services.gateway.entrypoints.http.app import API_VERSION, create_app
from services.gateway.entrypoints.http.audit_routes import AUDIT_ROUTES
from services.gateway.entrypoints.http.connection_routes import CONNECTION_ROUTES
from services.gateway.entrypoints.http.dependencies import GatewayDeps
from services.gateway.entrypoints.http.disclosure_routes import DISCLOSURE_ROUTES
from services.gateway.entrypoints.http.identity import IdentityDeps, parse_networks
from services.gateway.entrypoints.http.identity_routes import IDENTITY_ROUTES
from services.gateway.entrypoints.http.media_routes import MEDIA_ROUTES
from services.gateway.entrypoints.http.post_routes import POST_ROUTES
from services.gateway.entrypoints.http.privacy_routes import PRIVACY_ROUTES
from shared.contracts.catalog import asyncapi_document
from shared.messaging.broker import connect_broker, make_broker
from shared.messaging.rpc import RpcClient
from shared.settings import Settings
from shared.telemetry import Telemetry

SERVICE = "gateway"


@dataclass(frozen=True)
class Gateway:
    app: Litestar
    broker: NatsBroker
    rpc: RpcClient


def build(settings: Settings, telemetry: Telemetry) -> Gateway:
    """The gateway connects to NATS at start-up and drains the connection on shutdown."""
    broker = make_broker(
        settings,
        service=SERVICE,
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
    )
    rpc = RpcClient(broker, timeout_s=settings.rpc_timeout_s)
    deps = GatewayDeps(
        probe=NatsHealthProbe(broker, rpc),
        readiness_timeout_s=settings.readiness_timeout_s,
        asyncapi=lambda: asyncapi_document(version=API_VERSION),
        identity=build_identity(settings, rpc),
        connect_return_url=settings.connect_return_url,
    )

    async def connect() -> None:
        await connect_broker(broker, settings)
        await broker.start()

    app = create_app(
        deps,
        max_request_bytes=settings.max_request_bytes,
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
        route_handlers=[
            *IDENTITY_ROUTES,
            *CONNECTION_ROUTES,
            *POST_ROUTES,
            *MEDIA_ROUTES,
            *AUDIT_ROUTES,
            *DISCLOSURE_ROUTES,
            *PRIVACY_ROUTES,
        ],
        on_startup=[connect],
        on_shutdown=[broker.stop],
    )
    return Gateway(app=app, broker=broker, rpc=rpc)


def build_identity(settings: Settings, rpc: RpcClient) -> IdentityDeps:
    """Local verification of access tokens (JWKS from auth), API keys and the permission table."""
    verifier = JwksCredentialVerifier(
        rpc,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        jwks_cache_s=settings.jwks_cache_s,
        jwks_refetch_min_s=settings.jwks_refetch_min_s,
        api_key_cache_s=settings.api_key_cache_s,
    )
    policy = NatsAccessPolicySource(
        rpc, max_age_s=settings.access_policy_cache_s, refetch_min_s=settings.jwks_refetch_min_s
    )
    return IdentityDeps(
        rpc=rpc,
        verifier=verifier,
        policy=policy,
        trusted_proxies=parse_networks(settings.trusted_proxies),
    )
