"""Read-change-write of a workspace with optimistic concurrency, retried a few times."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.auth.app.core import AuthCore
from services.auth.domain.errors import ConcurrentUpdate, NotFound
from services.auth.domain.workspace import Workspace
from shared.contracts.envelope import Event

Change = Callable[[Workspace], Awaitable[tuple[Workspace, list[Event]]]]
ATTEMPTS = 5


async def update_workspace(core: AuthCore, *, tenant_id: str, change: Change) -> Workspace:
    """Apply `change` to the stored workspace; rules run again on every retry's fresh copy."""
    for _ in range(ATTEMPTS):
        ws = await core.workspaces.get(tenant_id=tenant_id)
        if ws is None:
            raise NotFound("workspace")
        changed, events = await change(ws)
        if await core.workspaces.save(changed, expected_version=ws.version, events=events):
            return changed
    raise ConcurrentUpdate(tenant_id)
