"""Domain errors of the publisher; each carries a stable code that entrypoints pass on."""

from __future__ import annotations

from typing import Any


class PublisherError(Exception):
    """Base of every domain error: `code` is what clients branch on, `detail` what people read."""

    code: str = "publisher_error"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code


class NotFound(PublisherError):
    """No such post or target in this workspace (another workspace's ids look the same)."""

    code = "not_found"


class InvalidTransition(PublisherError):
    """A target cannot move from its current state to the requested one."""

    code = "invalid_transition"


class Conflict(PublisherError):
    """Someone changed the post meanwhile, or publishing already started."""

    code = "conflict"


class NotAllowed(PublisherError):
    """The caller's role does not permit this action."""

    code = "forbidden"


class ScheduleRejected(PublisherError):
    """The requested time cannot be used (nonexistent local time, past, unknown zone)."""

    code = "invalid_schedule"


class IdempotencyMismatch(PublisherError):
    """The same Idempotency-Key was used before with a different request body."""

    code = "idempotency_key_reused"


class ValidationFailed(PublisherError):
    """The post breaks one or more rules; every violation is listed at once."""

    code = "validation_failed"

    def __init__(self, violations: list[Any], detail: str = "") -> None:
        super().__init__(detail or f"{len(violations)} rule(s) broken; see errors")
        self.violations = violations
