"""Who may do what: the service re-checks the role the gateway already checked."""

from __future__ import annotations

from services.media.domain.errors import ErrorCode, MediaError
from shared.tenancy import SYSTEM_ACTOR, RequestContext

WRITERS = frozenset({"owner", "admin", "editor"})
REVIEWERS = frozenset({"owner", "admin"})
# Workspace settings are the owner's, as in auth's permission table (`settings:manage`).
SETTINGS_MANAGERS = frozenset({"owner"})
READERS = frozenset({"owner", "admin", "editor", "viewer"})


def require_role(ctx: RequestContext, allowed: frozenset[str], *, internal_ok: bool = True) -> str:
    """The caller's tenant when its role is allowed; `system` callers (other services) may
    act without a role only where `internal_ok`."""
    tenant = ctx.require_tenant()
    internal = internal_ok and ctx.role is None and ctx.actor == SYSTEM_ACTOR
    if not internal and ctx.role not in allowed:
        raise MediaError(ErrorCode.FORBIDDEN, f"role {ctx.role!r} may not do this")
    return tenant
