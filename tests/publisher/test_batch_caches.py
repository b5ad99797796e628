"""What a wave reuses per connection: the access grant (briefly) and the instance limits."""

from __future__ import annotations

import asyncio

from services.publisher.app.grant_cache import CachedConnections
from services.publisher.app.limits_cache import CachedLimits
from services.publisher.domain.inputs import AccessGrant, ConnectionStatus
from services.publisher.domain.limits import AccountLimits, MastodonInstance
from services.publisher.ports.connection_directory import ConnectionUnavailable
from tests.support.publisher_fakes import FakeConnectionDirectory, FakePublishingProvider


class CountingDirectory(FakeConnectionDirectory):
    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    async def access(self, *, tenant_id: str, connection_id: str) -> AccessGrant | None:
        self.asked += 1
        await asyncio.sleep(0.01)  # auth takes a moment: concurrent callers overlap
        return await super().access(tenant_id=tenant_id, connection_id=connection_id)


async def test_targets_of_one_connection_share_one_token_fetch_while_it_is_kept() -> None:
    inner = CountingDirectory()
    inner.add("t_a", "c_1")
    inner.add("t_b", "c_2")
    cached = CachedConnections(inner, ttl_s=60)
    grants = await asyncio.gather(
        *(cached.access(tenant_id="t_a", connection_id="c_1") for _ in range(20))
    )
    assert inner.asked == 1
    assert {g.access_token for g in grants if g is not None} == {"tok-c_1"}
    other = await cached.access(tenant_id="t_b", connection_id="c_2")
    assert other is not None and other.access_token == "tok-c_2" and inner.asked == 2


async def test_an_expired_or_unusable_grant_is_asked_again() -> None:
    inner = CountingDirectory()
    inner.add("t_a", "c_1", status=ConnectionStatus.REAUTH_REQUIRED)
    inner.add("t_a", "c_2")
    cached = CachedConnections(inner, ttl_s=0)
    for _ in range(2):
        await cached.access(tenant_id="t_a", connection_id="c_1")  # never kept
        await cached.access(tenant_id="t_a", connection_id="c_2")  # kept for 0 s
    assert inner.asked == 4
    assert await cached.access(tenant_id="t_a", connection_id="missing") is None


async def test_auth_down_reaches_every_waiter_and_nothing_is_kept() -> None:
    inner = CountingDirectory()
    inner.add("t_a", "c_1")
    inner.down = True
    cached = CachedConnections(inner, ttl_s=60)
    results = await asyncio.gather(
        *(cached.access(tenant_id="t_a", connection_id="c_1") for _ in range(5)),
        return_exceptions=True,
    )
    assert all(isinstance(r, ConnectionUnavailable) for r in results)
    inner.down = False
    assert await cached.access(tenant_id="t_a", connection_id="c_1") is not None


async def test_instance_limits_are_asked_once_per_connection_while_kept() -> None:
    provider = FakePublishingProvider()
    asked: list[str] = []

    async def limits(grant: AccessGrant) -> AccountLimits:
        asked.append(grant.connection.id)
        return AccountLimits(mastodon=MastodonInstance(max_characters=700))

    provider.account_limits = limits  # type: ignore[method-assign]
    directory = FakeConnectionDirectory()
    directory.add("t_a", "c_1")
    directory.add("t_a", "c_2")
    cached = CachedLimits(provider, ttl_s=60)
    for connection in ("c_1", "c_1", "c_2", "c_1"):
        grant = await directory.access(tenant_id="t_a", connection_id=connection)
        assert grant is not None
        found = await cached.account_limits(grant)
        assert found.mastodon is not None and found.mastodon.max_characters == 700
    assert asked == ["c_1", "c_2"]
    assert cached.capabilities == provider.capabilities
