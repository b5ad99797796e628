"""A provider whose per-account limits are reused for a while (instance configuration)."""

from __future__ import annotations

import asyncio
import time

from services.publisher.domain.inputs import AccessGrant
from services.publisher.domain.limits import AccountLimits, Capabilities
from services.publisher.domain.publishing import (
    ProviderHandle,
    ProviderStatus,
    PublishAccepted,
    PublishRequest,
    Reconciliation,
)
from services.publisher.domain.validation import Findings, TargetCheck
from services.publisher.ports.publishing_provider import PublishingProvider


class CachedLimits:
    """Delegates everything to `inner`, but asks its account limits once per `ttl_s` per
    connection: a Mastodon instance's configuration does not change from post to post,
    and asking it before every post of a wave doubles the calls to the instance."""

    def __init__(self, inner: PublishingProvider, *, ttl_s: float) -> None:
        self._inner = inner
        self._ttl_s = ttl_s
        self._limits: dict[str, tuple[float, AccountLimits]] = {}
        self._asking: dict[str, asyncio.Task[AccountLimits]] = {}

    @property
    def capabilities(self) -> Capabilities:
        return self._inner.capabilities

    async def account_limits(self, grant: AccessGrant) -> AccountLimits:
        key, now = grant.connection.id, time.monotonic()
        kept = self._limits.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        # The targets of one connection start together in a wave: ONE of them asks.
        asking = self._asking.get(key)
        if asking is None:
            asking = asyncio.create_task(self._ask(key, grant))
            self._asking[key] = asking
            asking.add_done_callback(lambda task: self._asked(key, task))
        return await asyncio.shield(asking)

    async def _ask(self, key: str, grant: AccessGrant) -> AccountLimits:
        limits = await self._inner.account_limits(grant)
        now = time.monotonic()
        if len(self._limits) > 10_000:
            self._limits = {k: v for k, v in self._limits.items() if v[0] > now}
        self._limits[key] = (now + self._ttl_s, limits)
        return limits

    def _asked(self, key: str, task: asyncio.Task[AccountLimits]) -> None:
        self._asking.pop(key, None)
        if not task.cancelled():
            task.exception()  # retrieved: every waiter raises it itself; nothing is kept

    def validate(self, check: TargetCheck) -> Findings:
        return self._inner.validate(check)

    async def publish(self, request: PublishRequest, grant: AccessGrant) -> PublishAccepted:
        return await self._inner.publish(request, grant)

    async def check_status(self, handle: ProviderHandle, grant: AccessGrant) -> ProviderStatus:
        return await self._inner.check_status(handle, grant)

    async def reconcile(
        self, request: PublishRequest, handle: ProviderHandle | None, grant: AccessGrant
    ) -> Reconciliation:
        return await self._inner.reconcile(request, handle, grant)
