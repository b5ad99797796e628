"""Use case support: who a data-subject request is about and where their data lives in auth."""

from __future__ import annotations

from dataclasses import dataclass

from services.auth.app.connection_context import ConnectionContext
from services.auth.app.core import AuthCore
from services.auth.domain.errors import NotFound, PermissionDenied
from services.auth.domain.roles import Role
from services.auth.domain.user import is_user_actor
from services.auth.ports.subject_records import SubjectRecords
from shared.contracts.privacy import Scope, ScopeCall, SubjectKind, SubjectRef


@dataclass(frozen=True)
class SubjectContext:
    core: AuthCore
    records: SubjectRecords
    connections: ConnectionContext


async def subject_scope(ctx: SubjectContext, request: ScopeCall) -> Scope:
    """A user asks for themself; only an owner asks for the workspace.

    A user's workspaces split in two: those nobody else belongs to go whole, the others
    keep their data and lose only the user. A workspace in which the user is the last owner
    while others remain blocks an erasure: ownership is handed over first.
    """
    tenant_id = request.ctx.require_tenant()
    workspace = await ctx.core.workspaces.get(tenant_id=tenant_id)
    actor = request.ctx.actor
    if workspace is None or not is_user_actor(actor) or workspace.role_of(actor) is None:
        raise NotFound("workspace")
    if request.subject_kind is SubjectKind.WORKSPACE:
        if workspace.role_of(actor) is not Role.OWNER:
            raise PermissionDenied("only an owner asks for the whole workspace")
        ref = SubjectRef(
            kind=SubjectKind.WORKSPACE,
            id=tenant_id,
            workspace_id=tenant_id,
            whole_workspaces=[tenant_id],
            identifiers=[workspace.name] if workspace.name else [],
        )
        return Scope(subject=ref)
    user = await ctx.core.users.get(user_id=actor)
    if user is None:
        raise NotFound("user")
    whole: list[str] = []
    shared: list[str] = []
    blocked: list[str] = []
    for ws in await ctx.core.workspaces.for_user(user_id=actor):
        if len(ws.members) == 1:
            whole.append(ws.id)
            continue
        shared.append(ws.id)
        if ws.role_of(actor) is Role.OWNER and ws.owner_count() == 1:
            blocked.append(ws.id)
    ref = SubjectRef(
        kind=SubjectKind.USER,
        id=actor,
        workspace_id=tenant_id,
        whole_workspaces=whole,
        member_workspaces=shared,
        identifiers=[user.email],
    )
    return Scope(subject=ref, blocked_by=blocked)
