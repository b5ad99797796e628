"""Port: workspaces with their members; every change is one conditional single-document write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.auth.domain.workspace import Workspace
from shared.contracts.envelope import Event


class WorkspaceRepository(Protocol):
    """The workspace id is the tenant id; `save` succeeds only on the version it read."""

    async def add(self, workspace: Workspace, *, idempotency: str, events: Sequence[Event]) -> bool:
        """Insert; False when `idempotency` was already used (the earlier result stands)."""
        ...

    async def by_idempotency(self, *, idempotency: str) -> Workspace | None: ...

    async def get(self, *, tenant_id: str) -> Workspace | None: ...

    async def for_user(self, *, user_id: str) -> list[Workspace]:
        """Every workspace the user is a member of, oldest membership first."""
        ...

    async def save(
        self, workspace: Workspace, *, expected_version: int, events: Sequence[Event]
    ) -> bool:
        """Write members and events if the stored version is still `expected_version`."""
        ...
