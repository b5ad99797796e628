"""Port: the media records a data-subject request reads, erases or pseudonymises."""

from __future__ import annotations

from typing import Any, Protocol

Records = dict[str, list[dict[str, Any]]]


class SubjectRecords(Protocol):
    """Every method is scoped by tenant; `user_id` narrows to what the user created."""

    async def records(self, *, tenant_id: str, user_id: str | None) -> Records:
        """Media records (metadata; bytes stay behind signed downloads); with no `user_id`,
        the workspace's own settings and retention window too."""
        ...

    async def erase_workspace(self, *, tenant_id: str) -> dict[str, int]:
        """Delete every document of the workspace in every media collection (bytes apart)."""
        ...

    async def pseudonymise(self, *, tenant_id: str, user_id: str) -> dict[str, int]:
        """The user's name on records the workspace keeps becomes `erased`."""
        ...
