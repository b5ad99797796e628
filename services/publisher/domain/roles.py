"""Who may do what with posts (re-checked here even though the gateway guards first)."""

from __future__ import annotations

from services.publisher.domain.errors import NotAllowed

WRITERS = frozenset({"owner", "admin", "editor"})
REVIEWERS = frozenset({"owner", "admin"})


def require_writer(role: str | None) -> None:
    if role not in WRITERS:
        raise NotAllowed("only owners, admins and editors can change posts")


def require_reviewer(role: str | None) -> None:
    if role not in REVIEWERS:
        raise NotAllowed("only owners and admins can approve or reject posts")


def is_reviewer(role: str | None) -> bool:
    return role in REVIEWERS
