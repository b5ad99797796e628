"""Port: the publishing records a data-subject request reads, erases or pseudonymises."""

from __future__ import annotations

from typing import Any, Protocol

Records = dict[str, list[dict[str, Any]]]


class SubjectRecords(Protocol):
    """Every method is scoped by tenant; `user_id` narrows to the user's own posts."""

    async def records(self, *, tenant_id: str, user_id: str | None) -> Records:
        """Posts, their targets and attempts (all of the workspace, or the user's posts');
        with no `user_id`, the workspace's own settings and retention window too."""
        ...

    async def erase_workspace(self, *, tenant_id: str) -> dict[str, int]:
        """Delete every document of the workspace in every publisher collection."""
        ...

    async def pseudonymise(self, *, tenant_id: str, user_id: str) -> dict[str, int]:
        """The user's name on posts the workspace keeps becomes `erased`."""
        ...
