"""RPC contracts shared by every service: the request context block, replies, health."""

from __future__ import annotations

import msgspec

from shared.errors import ProblemDetails
from shared.tenancy import RequestContext


class RpcRequest(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every RPC request: `ctx` is set by the gateway from the verified credential."""

    ctx: RequestContext = msgspec.field(default_factory=RequestContext)


class RpcReply(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Wire envelope of every RPC answer: data on success, a problem otherwise."""

    ok: bool
    data: msgspec.Raw = msgspec.Raw(b"null")
    problem: ProblemDetails | None = None


class HealthRequest(RpcRequest, frozen=True, kw_only=True):
    """Asks a service whether it can do its work right now."""


class HealthReply(msgspec.Struct, frozen=True, kw_only=True):
    service: str
    ok: bool
    mongo: bool
    detail: str = ""


def rpc_subject(service: str, operation: str) -> str:
    return f"rpc.{service}.{operation}"


def health_subject(service: str) -> str:
    return rpc_subject(service, "health")
