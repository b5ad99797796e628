"""Tenancy types: the workspace is the tenant, fixed from the verified credential only."""

from __future__ import annotations

from typing import NewType

import msgspec

TenantId = NewType("TenantId", str)
UserId = NewType("UserId", str)

SYSTEM_ACTOR = "system"


class RequestContext(msgspec.Struct, frozen=True, kw_only=True):
    """Who is calling and for which workspace; set by the gateway, never from client input."""

    tenant_id: TenantId | None = None
    actor: str = SYSTEM_ACTOR
    role: str | None = None
    request_id: str = ""

    def require_tenant(self) -> TenantId:
        from shared.errors import Problem, ProblemCode

        if self.tenant_id is None:
            raise Problem(ProblemCode.UNAUTHENTICATED, "this operation needs a workspace")
        return self.tenant_id
