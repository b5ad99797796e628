"""Port: what the publisher needs from auth about a connection, and its token at publish time."""

from __future__ import annotations

from typing import Protocol

from services.publisher.domain.inputs import AccessGrant, ConnectionInfo


class ConnectionUnavailable(Exception):
    """Auth could not be asked (not answering, timed out): nothing is known, try later."""


class ConnectionDirectory(Protocol):
    """Backed by `rpc.auth.describe_connection` and `rpc.auth.connection_token`."""

    async def describe(self, *, tenant_id: str, connection_id: str) -> ConnectionInfo | None:
        """Provider, status and granted scopes; None when absent from this workspace."""
        ...

    async def access(self, *, tenant_id: str, connection_id: str) -> AccessGrant | None:
        """A token valid for the publish about to happen; None when absent from this workspace.

        A connection that needs re-authorisation comes back with that status and no usable
        token (empty), so the caller can fail the target with `connection_needs_reauth`.
        """
        ...
