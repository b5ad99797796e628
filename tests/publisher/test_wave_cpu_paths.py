"""Round 2 of the wave (docs/decisions/0067-...): posts started together share one update and
one read, and a connection's instance limits are asked once however many targets wait."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.publisher.adapters.mongo_post_start import PostStartBatcher
from services.publisher.app.limits_cache import CachedLimits
from services.publisher.domain.inputs import AccessGrant
from services.publisher.domain.limits import AccountLimits, MastodonInstance
from services.publisher.domain.publishing import ErrorKind, PublishError
from tests.support.publisher_fakes import FakeConnectionDirectory, FakePublishingProvider


def _post(post_id: str, tenant_id: str, *, deleted: int = 0) -> dict[str, Any]:
    return {"_id": post_id, "tenant_id": tenant_id, "deleted": deleted, "version": 3}


@pytest.mark.integration
async def test_posts_started_together_are_marked_at_once_each_under_its_own_workspace(
    publisher_db: AsyncDatabase[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = publisher_db["posts"]
    await posts.insert_many(
        [
            _post("p1", "t_a"),
            _post("p2", "t_a"),
            _post("p3", "t_b"),
            _post("p4", "t_b", deleted=1),
            _post("p5", "t_b"),
        ]
    )
    bulks: list[int] = []
    original = posts.bulk_write

    async def counting(requests: Any, **options: Any) -> Any:
        bulks.append(len(requests))
        return await original(requests, **options)

    monkeypatch.setattr(posts, "bulk_write", counting)
    starts = PostStartBatcher(posts)
    asked = [("t_a", "p1"), ("t_a", "p2"), ("t_a", "p1"), ("t_b", "p3"), ("t_b", "p4")]
    # p5 is asked for under the wrong workspace: not handed out, not touched.
    asked.append(("t_a", "p5"))
    found = await asyncio.gather(*(starts.start(tenant_id=t, post_id=p) for t, p in asked))

    assert bulks == [2]  # one UpdateMany per workspace, in ONE bulk
    assert [None if d is None else d["_id"] for d in found] == ["p1", "p2", "p1", "p3", None, None]
    assert all(d["publishing_started"] == 1 and d["version"] == 4 for d in found if d)
    stored = {d["_id"]: d for d in await posts.find({}).to_list()}
    assert {k: (d.get("publishing_started", 0), d["version"]) for k, d in stored.items()} == {
        "p1": (1, 4),  # asked twice in one batch: bumped once, which is enough
        "p2": (1, 4),
        "p3": (1, 4),
        "p4": (0, 3),  # deleted
        "p5": (0, 3),  # other workspace
    }


class SlowLimits(FakePublishingProvider):
    def __init__(self) -> None:
        super().__init__()
        self.asked = 0
        self.down = False

    async def account_limits(self, grant: AccessGrant) -> AccountLimits:
        self.asked += 1
        await asyncio.sleep(0.01)  # the instance takes a moment: concurrent callers overlap
        if self.down:
            raise PublishError(ErrorKind.NOT_SENT, "provider_unavailable", "down")
        return AccountLimits(mastodon=MastodonInstance(max_characters=640))


async def _grant(connection_id: str) -> AccessGrant:
    directory = FakeConnectionDirectory()
    directory.add("t_a", connection_id)
    grant = await directory.access(tenant_id="t_a", connection_id=connection_id)
    assert grant is not None
    return grant


async def test_targets_of_one_connection_starting_together_ask_the_instance_once() -> None:
    provider = SlowLimits()
    cached = CachedLimits(provider, ttl_s=60)
    grant = await _grant("c_1")
    found = await asyncio.gather(*(cached.account_limits(grant) for _ in range(20)))
    assert provider.asked == 1
    assert {f.mastodon.max_characters for f in found if f.mastodon} == {640}


async def test_a_failed_limits_call_reaches_every_waiter_and_nothing_is_kept() -> None:
    provider = SlowLimits()
    provider.down = True
    cached = CachedLimits(provider, ttl_s=60)
    grant = await _grant("c_1")
    results = await asyncio.gather(
        *(cached.account_limits(grant) for _ in range(5)), return_exceptions=True
    )
    assert all(isinstance(r, PublishError) for r in results)
    assert provider.asked == 1
    provider.down = False
    assert (await cached.account_limits(grant)).mastodon is not None
    assert provider.asked == 2
