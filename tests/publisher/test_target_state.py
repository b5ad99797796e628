"""The target state machine: explicit transitions, nothing else."""

from __future__ import annotations

import itertools

import pytest

from services.publisher.domain.errors import InvalidTransition
from services.publisher.domain.retry import RetryPolicy
from services.publisher.domain.target_state import (
    ALLOWED,
    BEFORE_PUBLISHING,
    FINAL,
    QUEUED,
    TargetState,
    can_move,
    ensure_transition,
    sources_of,
)

S = TargetState


def test_the_happy_path_is_allowed() -> None:
    path = [S.DRAFT, S.SCHEDULED, S.PUBLISHING, S.PUBLISHED]
    for current, nxt in itertools.pairwise(path):
        ensure_transition(current, nxt)


def test_the_approval_path_is_allowed() -> None:
    for current, nxt in [
        (S.DRAFT, S.PENDING_APPROVAL),
        (S.PENDING_APPROVAL, S.REJECTED),
        (S.REJECTED, S.DRAFT),
        (S.PENDING_APPROVAL, S.SCHEDULED),
    ]:
        ensure_transition(current, nxt)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (S.PUBLISHED, S.SCHEDULED),  # no re-publishing a published target
        (S.PUBLISHED, S.FAILED),
        (S.CANCELLED, S.SCHEDULED),
        (S.PUBLISHING, S.CANCELLED),  # too late to cancel
        (S.DRAFT, S.PUBLISHING),  # only a scheduled target is claimed
        (S.PENDING_APPROVAL, S.PUBLISHING),
        (S.FAILED, S.PUBLISHED),
        (S.UNCONFIRMED, S.CANCELLED),
    ],
)
def test_forbidden_moves_raise_a_domain_error(current: TargetState, wanted: TargetState) -> None:
    assert not can_move(current, wanted)
    with pytest.raises(InvalidTransition) as caught:
        ensure_transition(current, wanted)
    assert caught.value.code == f"target_{current.value}"


def test_published_and_cancelled_are_terminal_and_every_state_is_reachable() -> None:
    assert ALLOWED[S.PUBLISHED] == ALLOWED[S.CANCELLED] == frozenset()
    reachable = {S.DRAFT} | {t for nexts in ALLOWED.values() for t in nexts}
    assert reachable == set(S)


def test_an_ambiguous_outcome_never_leads_straight_back_to_publishing() -> None:
    # Unconfirmed goes to published/failed (reconciled) or scheduled (proved absent) only.
    assert S.PUBLISHING not in ALLOWED[S.UNCONFIRMED]
    assert sources_of(S.PUBLISHING) == {S.SCHEDULED, S.PUBLISHING}


def test_state_groups_are_consistent() -> None:
    assert BEFORE_PUBLISHING.isdisjoint(FINAL)
    assert QUEUED.isdisjoint(FINAL)
    assert all(can_move(s, S.CANCELLED) for s in BEFORE_PUBLISHING)


def test_backoff_grows_with_jitter_respects_the_cap_and_the_providers_reset() -> None:
    policy = RetryPolicy(base_s=2.0, cap_s=10.0, max_sends=3)
    assert policy.delay_s(1, rand=lambda: 0.0) == 1.0  # half of 2 s
    assert policy.delay_s(3, rand=lambda: 1.0) == 8.0
    assert policy.delay_s(10, rand=lambda: 1.0) == 10.0  # capped
    assert policy.delay_s(1, retry_after_s=30.0, rand=lambda: 0.5) == 30.5  # never before the reset
    assert policy.exhausted(3) and not policy.exhausted(2)
