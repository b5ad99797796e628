"""The life of one target (post x connection) and the only transitions it may take."""

from __future__ import annotations

import enum

from services.publisher.domain.errors import InvalidTransition


class TargetState(enum.StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    CANCELLED = "cancelled"


S = TargetState

ALLOWED: dict[TargetState, frozenset[TargetState]] = {
    S.DRAFT: frozenset({S.SCHEDULED, S.PENDING_APPROVAL, S.CANCELLED}),
    S.PENDING_APPROVAL: frozenset({S.DRAFT, S.SCHEDULED, S.REJECTED, S.CANCELLED}),
    S.REJECTED: frozenset({S.DRAFT, S.PENDING_APPROVAL, S.CANCELLED}),
    # scheduled -> scheduled is a reschedule; -> pending_approval an edit needing re-approval.
    S.SCHEDULED: frozenset({S.SCHEDULED, S.PENDING_APPROVAL, S.PUBLISHING, S.CANCELLED}),
    # publishing -> scheduled: a retry that provably never reached the provider, waiting.
    S.PUBLISHING: frozenset({S.PUBLISHING, S.SCHEDULED, S.PUBLISHED, S.FAILED, S.UNCONFIRMED}),
    # unconfirmed -> scheduled only when reconciliation proved nothing was posted.
    S.UNCONFIRMED: frozenset({S.UNCONFIRMED, S.PUBLISHED, S.FAILED, S.SCHEDULED}),
    S.FAILED: frozenset({S.SCHEDULED}),  # a person asked for a retry
    S.PUBLISHED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Editing the post and cancelling a target are possible only before publishing starts.
BEFORE_PUBLISHING = frozenset({S.DRAFT, S.PENDING_APPROVAL, S.REJECTED, S.SCHEDULED})
# States the scheduler works on whenever their `run_at` is due.
QUEUED = frozenset({S.SCHEDULED, S.PUBLISHING, S.UNCONFIRMED})
FINAL = frozenset({S.PUBLISHED, S.FAILED, S.CANCELLED})


def can_move(current: TargetState, target: TargetState) -> bool:
    return target in ALLOWED[current]


def ensure_transition(current: TargetState, target: TargetState) -> None:
    """Raise `InvalidTransition` unless `current -> target` is allowed."""
    if not can_move(current, target):
        raise InvalidTransition(
            f"a {current.value} target cannot become {target.value}",
            code=f"target_{current.value}",
        )


def sources_of(target: TargetState) -> frozenset[TargetState]:
    """Every state from which `target` can be reached (used to condition stored writes)."""
    return frozenset(state for state, nexts in ALLOWED.items() if target in nexts)
