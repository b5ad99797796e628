"""The identity MongoDB adapters against the real wire-protocol store: windows, CAS, lookups."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from services.auth.adapters.mongo_login_attempts import MongoLoginAttempts
from services.auth.adapters.mongo_session_repository import MongoSessionRepository
from services.auth.adapters.mongo_workspace_repository import INDEXES as WORKSPACE_INDEXES
from services.auth.adapters.mongo_workspace_repository import MongoWorkspaceRepository
from services.auth.domain.roles import Role
from services.auth.domain.session import RefreshFamily
from services.auth.domain.workspace import add_member, founded, remove_member
from shared.store.indexes import ensure_indexes

pytestmark = pytest.mark.integration
WINDOW_S = 900


async def test_failures_count_atomically_within_a_window_and_restart_after_it(
    db: AsyncDatabase[Any],
) -> None:
    attempts = MongoLoginAttempts(db)
    await asyncio.gather(
        *(
            attempts.record_failure(key="k", now_ms=1_000, window_s=WINDOW_S, events=[])
            for _ in range(10)
        )
    )
    assert (await attempts.current(key="k", now_ms=2_000, window_s=WINDOW_S)).failures == 10
    later = 1_000 + WINDOW_S * 1000
    assert (await attempts.current(key="k", now_ms=later, window_s=WINDOW_S)).failures == 0
    restarted = await attempts.record_failure(key="k", now_ms=later, window_s=WINDOW_S, events=[])
    assert (restarted.failures, restarted.window_start_ms) == (1, later)
    await attempts.clear(key="k")
    assert (await attempts.current(key="k", now_ms=later, window_s=WINDOW_S)).failures == 0


async def test_only_one_of_three_concurrent_rotations_of_a_token_wins(
    db: AsyncDatabase[Any],
) -> None:
    sessions = MongoSessionRepository(db)
    family = RefreshFamily(
        id="ses_1",
        user_id="usr_1",
        tenant_id="",
        current_hash="h0",
        used={},
        created_at_ms=0,
        expires_at_ms=10**13,
    )
    await sessions.start(family, events=[])
    wins = await asyncio.gather(
        *(
            sessions.rotate(
                family_id="ses_1",
                expected_hash="h0",
                new_hash=f"h{n}",
                tenant_id="",
                now_ms=5,
                expires_at_ms=10**13,
            )
            for n in (1, 2, 3)
        )
    )
    assert sorted(wins) == [False, False, True]
    stored = await sessions.get(family_id="ses_1")
    assert stored is not None and stored.used == {"h0": 5}
    assert await sessions.revoke(family_id="ses_1", now_ms=6, reason="test")
    assert not await sessions.rotate(
        family_id="ses_1",
        expected_hash=stored.current_hash,
        new_hash="x",
        tenant_id="",
        now_ms=7,
        expires_at_ms=10**13,
    )


async def test_my_workspaces_follow_membership_changes(db: AsyncDatabase[Any]) -> None:
    await ensure_indexes(
        db, WORKSPACE_INDEXES
    )  # the local store's array-index quirk needs the index
    workspaces = MongoWorkspaceRepository(db)
    ws = founded("wsp_1", "W", owner="usr_a", now_ms=1)
    await workspaces.add(ws, idempotency="i1", events=[])
    joined = add_member(ws, "usr_b", Role.EDITOR, now_ms=2)
    assert await workspaces.save(joined, expected_version=1, events=[])
    assert not await workspaces.save(joined, expected_version=1, events=[])  # stale version
    assert [w.id for w in await workspaces.for_user(user_id="usr_b")] == ["wsp_1"]
    left = remove_member(joined, actor_role=Role.OWNER, user_id="usr_b")
    assert await workspaces.save(left, expected_version=2, events=[])
    assert await workspaces.for_user(user_id="usr_b") == []
    assert not await workspaces.add(
        founded("wsp_2", "X", owner="usr_a", now_ms=3), idempotency="i1", events=[]
    )
