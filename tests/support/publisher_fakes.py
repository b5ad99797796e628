"""Fakes of the publisher's outward ports: a scriptable provider, connections, media, clock."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from services.publisher.domain.inputs import (
    AccessGrant,
    ConnectionInfo,
    ConnectionStatus,
    MediaInfo,
    MediaKind,
)
from services.publisher.domain.limits import (
    AccountLimits,
    Capabilities,
    MastodonInstance,
    TikTokCreator,
)
from services.publisher.domain.publishing import (
    ErrorKind,
    ProviderHandle,
    ProviderStatus,
    PublishAccepted,
    Published,
    PublishError,
    PublishRequest,
    ReconcileKind,
    Reconciliation,
    StatusKind,
)
from services.publisher.domain.rules import PROVIDER_RULES
from services.publisher.domain.validation import Findings, TargetCheck, check_target
from services.publisher.ports.connection_directory import ConnectionUnavailable


class FakeClock:
    """Real time plus an offset the test can move forward (leases, schedules)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


@dataclass
class Behaviour:
    """What the fake provider does with one publish call."""

    outcome: str = "ok"  # ok | async | 5xx | 429 | timeout_after_accept | reset_before |
    #                      reset_after | reject | hang_after_accept
    reason: str = ""  # for reject: the failure code
    retry_after_s: float = 0.05
    polls_before_final: int = 1  # async: PROCESSING this many times first
    final: str = "published"  # async: published | failed
    fail_reason: str = "tiktok_spam_risk"


class FakePublishingProvider:
    """Counts accepted posts per publication key: a duplicate is any count above one."""

    def __init__(
        self,
        name: str = "mastodon",
        *,
        asynchronous: bool = False,
        reconcilable: bool = True,
        latency_s: float = 0.0,
    ) -> None:
        self.name = name
        self.capabilities = Capabilities(
            provider=name,
            media_kinds=(MediaKind.IMAGE, MediaKind.VIDEO),
            max_media=4,
            asynchronous=asynchronous,
            status_poll_interval_s=0.0,
            reconcilable_without_handle=reconcilable,
        )
        self.accepted: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.script: dict[str, deque[Behaviour]] = defaultdict(deque)
        self.default = Behaviour(outcome="async" if asynchronous else "ok")
        self.polls: Counter[str] = Counter()
        self.hung = asyncio.Event()  # set when a hang_after_accept call has accepted
        self.latency_s = latency_s
        self.creator = TikTokCreator(
            privacy_level_options=("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"),
            max_video_post_duration_sec=180,
        )
        self._final: dict[str, Behaviour] = {}

    def then(self, key_prefix: str, *behaviours: Behaviour) -> None:
        """Queue behaviours for the publication whose key starts with `key_prefix`."""
        self.script[key_prefix].extend(behaviours)

    def duplicates(self) -> dict[str, int]:
        return {key: n for key, n in self.accepted.items() if n > 1}

    async def account_limits(self, grant: AccessGrant) -> AccountLimits:
        if self.name == "tiktok":
            return AccountLimits(tiktok=self.creator)
        return AccountLimits(mastodon=MastodonInstance())

    def validate(self, check: TargetCheck) -> Findings:
        return check_target(check, PROVIDER_RULES)

    def _next(self, key: str) -> Behaviour:
        for prefix, queue in self.script.items():
            if key.startswith(prefix) and queue:
                return queue.popleft()
        return self.default

    def _accept(self, request: PublishRequest, behaviour: Behaviour) -> PublishAccepted:
        self.accepted[request.key] += 1
        handle = ProviderHandle(kind="id", value=f"p-{request.key}")
        if behaviour.outcome == "async" or self.capabilities.asynchronous:
            self._final[handle.value] = behaviour
            return PublishAccepted(handle=handle)
        return PublishAccepted(handle=handle, published=self._published(request.key))

    def _published(self, key: str) -> Published:
        return Published(provider_post_id=f"p-{key}", url=f"https://{self.name}.test/p-{key}")

    async def publish(self, request: PublishRequest, grant: AccessGrant) -> PublishAccepted:
        self.calls[request.key] += 1
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        b = self._next(request.key)
        if b.outcome in ("ok", "async"):
            return self._accept(request, b)
        if b.outcome == "5xx":
            raise PublishError(ErrorKind.REJECTED, "internal_error", "HTTP 503", retryable=True)
        if b.outcome == "429":
            raise PublishError(
                ErrorKind.REJECTED,
                "rate_limit_exceeded",
                "HTTP 429",
                retryable=True,
                retry_after_s=b.retry_after_s,
            )
        if b.outcome == "reset_before":
            raise PublishError(ErrorKind.NOT_SENT, "connection_reset", "before sending")
        if b.outcome == "reject":
            raise PublishError(ErrorKind.REJECTED, b.reason, f"HTTP 403 {b.reason}")
        self._accept(request, b)  # the provider took it, but the answer gets lost
        if b.outcome == "hang_after_accept":
            self.hung.set()
            await asyncio.Event().wait()
        raise PublishError(ErrorKind.AMBIGUOUS, b.outcome, "no answer after sending")

    async def check_status(self, handle: ProviderHandle, grant: AccessGrant) -> ProviderStatus:
        self.polls[handle.value] += 1
        b = self._final.get(handle.value, Behaviour())
        if self.polls[handle.value] <= b.polls_before_final:
            return ProviderStatus(kind=StatusKind.PROCESSING)
        if b.final == "failed":
            return ProviderStatus(kind=StatusKind.FAILED, failure=b.fail_reason, detail="FAILED")
        key = handle.value.removeprefix("p-")
        return ProviderStatus(kind=StatusKind.PUBLISHED, published=self._published(key))

    async def reconcile(
        self, request: PublishRequest, handle: ProviderHandle | None, grant: AccessGrant
    ) -> Reconciliation:
        if handle is not None:
            return Reconciliation(
                kind=ReconcileKind.FOUND,
                handle=handle,
                status=await self.check_status(handle, grant),
            )
        if not self.capabilities.reconcilable_without_handle:
            return Reconciliation(kind=ReconcileKind.UNKNOWN, detail="no handle to look up")
        if self.accepted[request.key]:
            found = ProviderHandle(kind="id", value=f"p-{request.key}")
            status = ProviderStatus(
                kind=StatusKind.PUBLISHED, published=self._published(request.key)
            )
            return Reconciliation(kind=ReconcileKind.FOUND, handle=found, status=status)
        return Reconciliation(kind=ReconcileKind.ABSENT, detail="no post under this key")


@dataclass
class FakeConnectionDirectory:
    """Connections per (tenant, id); `down` makes every call look like auth is unreachable."""

    connections: dict[tuple[str, str], ConnectionInfo] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    down: bool = False

    def add(
        self,
        tenant_id: str,
        connection_id: str,
        provider: str = "mastodon",
        *,
        scopes: tuple[str, ...] = (),
        status: ConnectionStatus = ConnectionStatus.ACTIVE,
        endpoint: str = "",
        token: str = "",
    ) -> None:
        self.connections[(tenant_id, connection_id)] = ConnectionInfo(
            id=connection_id, provider=provider, status=status, scopes=scopes, endpoint=endpoint
        )
        self.tokens[connection_id] = token or f"tok-{connection_id}"

    async def describe(self, *, tenant_id: str, connection_id: str) -> ConnectionInfo | None:
        if self.down:
            raise ConnectionUnavailable("auth is down")
        return self.connections.get((tenant_id, connection_id))

    async def access(self, *, tenant_id: str, connection_id: str) -> AccessGrant | None:
        info = await self.describe(tenant_id=tenant_id, connection_id=connection_id)
        if info is None:
            return None
        token = self.tokens[connection_id] if info.status is ConnectionStatus.ACTIVE else ""
        return AccessGrant(connection=info, access_token=token)


@dataclass
class FakeMediaCatalog:
    items: dict[str, MediaInfo] = field(default_factory=dict)

    def add(self, info: MediaInfo) -> None:
        self.items[info.id] = info

    async def describe(self, *, tenant_id: str, media_ids: list[str]) -> dict[str, MediaInfo]:
        found = (self.items.get(i) for i in media_ids)
        return {m.id: m for m in found if m is not None and m.tenant_id == tenant_id}

    async def download_url(self, *, tenant_id: str, media_id: str, ttl_s: int) -> str:
        return f"http://media.test/{media_id}?ttl={ttl_s}"
