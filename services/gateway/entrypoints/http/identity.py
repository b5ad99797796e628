"""What the identity routes need (verifier, permission table, RPC) and how they call auth."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any, TypeVar

from litestar.connection import ASGIConnection

from services.gateway.ports.access_policy import AccessPolicySource
from services.gateway.ports.credential_verifier import CredentialVerifier, Principal
from shared.contracts.rpc import RpcRequest
from shared.errors import Problem, ProblemCode
from shared.ids import new_id
from shared.messaging.rpc import RpcClient
from shared.tenancy import RequestContext, TenantId

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Reply = TypeVar("Reply")


@dataclass
class IdentityDeps:
    rpc: RpcClient
    verifier: CredentialVerifier
    policy: AccessPolicySource
    trusted_proxies: tuple[Network, ...] = ()
    # (user, policy version) pairs this process already reported to auth.
    acknowledged: set[tuple[str, str]] = field(default_factory=set)


def parse_networks(spec: str) -> tuple[Network, ...]:
    """`GAMONTJ_TRUSTED_PROXIES`: comma-separated addresses or CIDR blocks."""
    return tuple(
        ipaddress.ip_network(p.strip(), strict=False) for p in spec.split(",") if p.strip()
    )


def identity_of(connection: ASGIConnection[Any, Any, Any, Any]) -> IdentityDeps:
    identity = getattr(connection.app.state.deps, "identity", None)
    if not isinstance(identity, IdentityDeps):
        raise Problem(ProblemCode.SERVICE_UNAVAILABLE, "identity is not configured")
    return identity


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    principal = connection.state.get("principal")
    if not isinstance(principal, Principal):
        raise Problem(ProblemCode.UNAUTHENTICATED, "not authenticated")
    return principal


def context_of(principal: Principal) -> RequestContext:
    """The RPC context: built from the verified credential only, never from the request."""
    return RequestContext(
        tenant_id=TenantId(principal.tenant_id) if principal.tenant_id else None,
        actor=principal.subject,
        role=principal.role,
        request_id=new_id("req"),
    )


async def call_auth(
    connection: ASGIConnection[Any, Any, Any, Any],
    subject: str,
    request: RpcRequest,
    reply_type: type[Reply],
) -> Reply:
    """Ask auth; a throttling answer keeps its wait time as `Retry-After`."""
    try:
        return await identity_of(connection).rpc.call(subject, request, reply_type)
    except Problem as problem:
        waits = [e["retry_after_s"] for e in problem.errors if "retry_after_s" in e]
        if problem.status == 429 and waits:
            problem.headers["Retry-After"] = str(int(waits[0]))
        raise
