"""AccessPolicySource over NATS: auth's permission table, cached and refreshed periodically."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from services.gateway.ports.access_policy import AccessPolicy
from shared.contracts.auth import PERMISSIONS, PermissionsRequest
from shared.contracts.auth_views import AccessPolicyReply
from shared.errors import Problem
from shared.messaging.rpc import RpcClient

log = logging.getLogger("gamontj.gateway.access_policy")


class NatsAccessPolicySource:
    def __init__(
        self,
        rpc: RpcClient,
        *,
        max_age_s: float,
        refetch_min_s: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rpc = rpc
        self._max_age_s = max_age_s
        self._refetch_min_s = refetch_min_s
        self._monotonic = monotonic
        self._policy: AccessPolicy | None = None
        self._fetched_at = float("-inf")
        self._attempted_at = float("-inf")
        self._lock = asyncio.Lock()

    async def current(self) -> AccessPolicy:
        now = self._monotonic()
        stale = now - self._fetched_at > self._max_age_s
        if self._policy is None or (stale and now - self._attempted_at >= self._refetch_min_s):
            await self._refresh(since=now)
        assert self._policy is not None
        return self._policy

    async def allows(self, role: str, permission: str) -> bool:
        policy = await self.current()
        now = self._monotonic()
        # A permission we have never heard of may be newer than our copy: ask again (bounded).
        if permission not in policy.permissions and now - self._attempted_at >= self._refetch_min_s:
            await self._refresh(since=now)
            policy = await self.current()
        return permission in policy.roles.get(role, frozenset())

    async def _refresh(self, *, since: float) -> None:
        async with self._lock:
            if self._attempted_at >= since and self._policy is not None:
                return
            self._attempted_at = self._monotonic()
            try:
                reply = await self._rpc.call(PERMISSIONS, PermissionsRequest(), AccessPolicyReply)
            except Problem:
                if self._policy is None:
                    raise
                log.warning("permission table refresh failed; keeping the copy we have")
                return
            self._policy = AccessPolicy(
                roles={role: frozenset(granted) for role, granted in reply.roles.items()},
                permissions=frozenset(reply.permissions),
                privacy_policy_version=reply.privacy_policy_version,
            )
            self._fetched_at = self._monotonic()
