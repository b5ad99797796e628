"""Port: everything auth keeps about a person or a workspace, read and removed in bulk."""

from __future__ import annotations

from typing import Any, Protocol

Records = dict[str, list[dict[str, Any]]]


class SubjectRecords(Protocol):
    """Data-subject requests; tenant data is always addressed with its `tenant_id`."""

    async def account(self, *, user_id: str) -> Records:
        """The account (no password hash), its sessions (no token digests), its acceptances."""
        ...

    async def workspace(self, *, tenant_id: str, user_id: str | None) -> Records:
        """The workspace's records, or only the user's own in it when `user_id` is given.

        Connections come without tokens, API keys and invitations without their digests."""
        ...

    async def erase_workspace(self, *, tenant_id: str) -> dict[str, int]:
        """Delete every record of the workspace (the data key is shredded separately)."""
        ...

    async def erase_member(self, *, tenant_id: str, user_id: str, email: str) -> dict[str, int]:
        """Remove the user from a workspace that others keep; their traces become `erased`."""
        ...

    async def erase_account(self, *, user_id: str, email: str) -> dict[str, int]:
        """Delete the account, its sessions, policy acceptances and login counters."""
        ...

    async def drop_connection(self, *, tenant_id: str, connection_id: str) -> bool:
        """Delete a connection and its ciphertexts without emitting events."""
        ...

    async def change_email(self, *, user_id: str, old: str, new: str) -> dict[str, int]:
        """Correct the account's e-mail and open invitations addressed to the old one."""
        ...

    async def rename_workspace(self, *, tenant_id: str, name: str) -> dict[str, int]: ...
