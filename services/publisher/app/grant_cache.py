"""Access grants kept per connection for a short while, so a wave does not ask auth per target.

Auth hands out a token valid for at least `min_valid_s` (120 s) more; keeping it for
`ttl_s` (well below that) can never send an expired token. Only usable grants are kept:
a missing or re-authorisation-needing connection is asked again every time. Grants live
only in this process's memory and are never logged (AccessGrant hides the token in repr).
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from services.publisher.domain.inputs import AccessGrant, ConnectionInfo, ConnectionStatus
from services.publisher.ports.connection_directory import ConnectionDirectory

Key = tuple[str, str]


class CachedConnections:
    """A ConnectionDirectory that reuses a connection's grant for `ttl_s` (one fetch at a time)."""

    def __init__(self, inner: ConnectionDirectory, *, ttl_s: float, max_entries: int = 10_000):
        self._inner = inner
        self._ttl_s = ttl_s
        self._max = max_entries
        self._grants: dict[Key, tuple[float, AccessGrant]] = {}
        self._fetching: dict[Key, asyncio.Future[AccessGrant | None]] = {}

    async def describe(self, *, tenant_id: str, connection_id: str) -> ConnectionInfo | None:
        return await self._inner.describe(tenant_id=tenant_id, connection_id=connection_id)

    async def access(self, *, tenant_id: str, connection_id: str) -> AccessGrant | None:
        key = (tenant_id, connection_id)
        while True:
            kept = self._grants.get(key)
            if kept is not None and kept[0] > time.monotonic():
                return kept[1]
            pending = self._fetching.get(key)
            if pending is None:
                return await self._fetch(key)
            # Another target of this connection is asking already: share its answer.
            with contextlib.suppress(asyncio.CancelledError):
                return await asyncio.shield(pending)
            if not pending.cancelled():
                raise asyncio.CancelledError  # we were cancelled ourselves
            # The asking task was cancelled: ask again.

    async def _fetch(self, key: Key) -> AccessGrant | None:
        future: asyncio.Future[AccessGrant | None] = asyncio.get_running_loop().create_future()
        self._fetching[key] = future
        try:
            grant = await self._inner.access(tenant_id=key[0], connection_id=key[1])
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # marked retrieved: the waiters, if any, raise it themselves
            raise
        except BaseException:
            future.cancel()
            raise
        finally:
            del self._fetching[key]
        future.set_result(grant)
        self._keep(key, grant)
        return grant

    def _keep(self, key: Key, grant: AccessGrant | None) -> None:
        if grant is None or grant.connection.status is not ConnectionStatus.ACTIVE:
            self._grants.pop(key, None)
            return
        now = time.monotonic()
        if len(self._grants) >= self._max:
            self._grants = {k: v for k, v in self._grants.items() if v[0] > now}
        if len(self._grants) < self._max:
            self._grants[key] = (now + self._ttl_s, grant)
