"""Domain errors to problems: the one place where publisher failures get HTTP statuses."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from services.publisher.domain.errors import (
    Conflict,
    IdempotencyMismatch,
    InvalidTransition,
    NotAllowed,
    NotFound,
    PublisherError,
    ScheduleRejected,
    ValidationFailed,
)
from services.publisher.entrypoints.rpc_views import problem_item
from services.publisher.ports.connection_directory import ConnectionUnavailable
from services.publisher.ports.media_catalog import MediaUnavailable
from shared.errors import Problem

P = ParamSpec("P")
R = TypeVar("R")

STATUS: tuple[tuple[type[PublisherError], int], ...] = (
    (NotFound, 404),
    (NotAllowed, 403),
    (InvalidTransition, 409),
    (Conflict, 409),
    (ScheduleRejected, 422),
    (IdempotencyMismatch, 422),
    (ValidationFailed, 422),
)


def to_problem(error: PublisherError) -> Problem:
    status = next((code for kind, code in STATUS if isinstance(error, kind)), 400)
    items = []
    if isinstance(error, ValidationFailed):
        items = [problem_item(v) for v in error.violations]
    return Problem(
        error.code,
        error.detail,
        status=status,
        errors=[
            {"code": i.code, "message": i.message, "target_id": i.target_id, "field": i.field}
            for i in items
        ],
    )


def translated(handler: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Run a handler, answering problems instead of domain errors."""

    @functools.wraps(handler)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await handler(*args, **kwargs)
        except PublisherError as error:
            raise to_problem(error) from error
        except (ConnectionUnavailable, MediaUnavailable) as exc:
            raise Problem(
                "dependency_unavailable",
                f"a service we depend on did not answer ({exc}); try again shortly",
                status=503,
            ) from exc

    return run
