"""Authentication: the bearer credential becomes the request's principal (tenant, role)."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from litestar.connection import ASGIConnection
from litestar.openapi.spec import Components, SecurityScheme

from services.gateway.entrypoints.http.identity import (
    IdentityDeps,
    Network,
    context_of,
    identity_of,
)
from services.gateway.ports.credential_verifier import CredentialRejected, Principal
from shared.contracts.auth import RECORD_PRIVACY_ACCEPTANCE, RecordPrivacyAcceptanceRequest
from shared.contracts.auth_views import PrivacyView
from shared.errors import Problem, ProblemCode

log = logging.getLogger("gamontj.gateway.auth")

BEARER = "bearerAuth"
SECURITY: list[dict[str, list[str]]] = [{BEARER: []}]
SECURITY_COMPONENTS = Components(
    security_schemes={
        BEARER: SecurityScheme(
            type="http",
            scheme="bearer",
            bearer_format="JWT access token or gmj_ API key",
            description="`Authorization: Bearer <access token>` or `Bearer gmj_…` (API key)",
        )
    }
)
MAX_ACKNOWLEDGED = 100_000


async def authenticate(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """Verify the credential once per request and keep the principal in the request state."""
    known = connection.state.get("principal")
    if isinstance(known, Principal):
        return known
    identity = identity_of(connection)
    credential = _bearer(connection.headers.get("authorization"))
    try:
        principal = await identity.verifier.verify(credential)
    except CredentialRejected as rejected:
        log.info("credential rejected", extra={"reason": str(rejected)})
        raise _unauthenticated("invalid_token") from None
    await _note_continued_use(identity, principal)
    connection.state.principal = principal
    return principal


async def _note_continued_use(identity: IdentityDeps, principal: Principal) -> None:
    """First use under a policy version the token predates: auth records the acceptance."""
    if principal.kind != "user":
        return
    version = (await identity.policy.current()).privacy_policy_version
    seen = (principal.subject, version)
    if principal.privacy_version == version or seen in identity.acknowledged:
        return
    request = RecordPrivacyAcceptanceRequest(ctx=context_of(principal))
    await identity.rpc.call(RECORD_PRIVACY_ACCEPTANCE, request, PrivacyView)
    if len(identity.acknowledged) >= MAX_ACKNOWLEDGED:
        identity.acknowledged.clear()  # only costs a repeated, idempotent report
    identity.acknowledged.add(seen)


def _bearer(header: str | None) -> str:
    if not header:
        raise _unauthenticated(None)
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise _unauthenticated("invalid_request")
    return value.strip()


def _unauthenticated(error: str | None) -> Problem:
    challenge = 'Bearer realm="gamontj"' + (f', error="{error}"' if error else "")
    return Problem(
        ProblemCode.UNAUTHENTICATED,
        "a valid bearer credential (access token or API key) is required",
        headers={"WWW-Authenticate": challenge},
    )


def client_address(
    connection: ASGIConnection[Any, Any, Any, Any], trusted: tuple[Network, ...]
) -> str:
    """The peer address; `X-Forwarded-For` only counts when the peer is a trusted proxy."""
    peer = connection.client.host if connection.client else ""
    if not trusted or not _within(peer, trusted):
        return peer
    hops = [hop.strip() for hop in connection.headers.get("x-forwarded-for", "").split(",")]
    # Rightmost first: the first address our own proxies did not add is the client.
    for hop in reversed([h for h in hops if h]):
        if not _within(hop, trusted):
            return hop if _is_address(hop) else peer
    return peer


def _within(address: str, networks: tuple[Network, ...]) -> bool:
    if not _is_address(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
