"""Guards: every identity route declares what it needs in `opt`; one guard enforces it."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from services.gateway.entrypoints.http.authentication import authenticate
from services.gateway.entrypoints.http.identity import identity_of
from shared.errors import Problem, ProblemCode

# opt keys on route handlers:
PERMISSION = "permission"  # the permission the caller's role needs in the credential's workspace
USER_ONLY = "user_only"  # a signed-in user, not an API key (no workspace needed)


def needs(permission: str) -> dict[str, Any]:
    return {PERMISSION: permission}


USER = {USER_ONLY: True}


async def authorize(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Authenticate, then check the route's declared needs against auth's permission table."""
    if connection.scope.get("method") == "OPTIONS":
        return  # Litestar's automatic OPTIONS answer (allowed methods) reveals nothing
    principal = await authenticate(connection)
    if handler.opt.get(USER_ONLY) and principal.kind != "user":
        raise Problem(
            "user_credential_required",
            "only a signed-in user can do this, not an API key",
            status=403,
        )
    permission = handler.opt.get(PERMISSION)
    if not permission:
        return
    if principal.tenant_id is None or principal.role is None:
        raise Problem(
            "workspace_required", "this needs a workspace; create or join one", status=403
        )
    if not await identity_of(connection).policy.allows(principal.role, str(permission)):
        raise Problem(ProblemCode.FORBIDDEN, f"your role does not allow {permission}", status=403)
