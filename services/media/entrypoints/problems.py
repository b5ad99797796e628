"""Domain errors as problems (RFC 9457): the one place that gives each code its HTTP status."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from services.media.domain.errors import ErrorCode, MediaError
from shared.errors import Problem

STATUS_BY_CODE: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.INVALID_FILENAME: 422,
    ErrorCode.TYPE_NOT_ALLOWED: 415,
    ErrorCode.TYPE_MISMATCH: 415,
    ErrorCode.EMPTY_FILE: 422,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.SIZE_EXCEEDED: 413,
    ErrorCode.UPLOAD_INCOMPLETE: 400,
    ErrorCode.URL_INVALID: 403,
    ErrorCode.URL_EXPIRED: 403,
    ErrorCode.UPLOAD_URL_USED: 409,
    ErrorCode.TOO_MANY_PIXELS: 422,
    ErrorCode.UNREADABLE: 422,
    ErrorCode.VIDEO_TRUNCATED: 422,
    ErrorCode.NOT_PENDING_REVIEW: 409,
    ErrorCode.REJECTED_IN_REVIEW: 422,
    ErrorCode.NOT_READY: 409,
    ErrorCode.INVALID_CURSOR: 400,
    ErrorCode.INVALID_REQUEST: 422,
    ErrorCode.IMPORT_URL_INVALID: 422,
    ErrorCode.IMPORT_SCHEME: 422,
    ErrorCode.IMPORT_BLOCKED: 422,
    ErrorCode.IMPORT_UNRESOLVABLE: 422,
    ErrorCode.IMPORT_REDIRECTS: 422,
    ErrorCode.IMPORT_TOO_LARGE: 413,
    ErrorCode.IMPORT_TIMEOUT: 422,
    ErrorCode.IMPORT_FAILED: 422,
    ErrorCode.INTERRUPTED: 500,
    ErrorCode.IDEMPOTENCY_KEY_REUSED: 422,
}


def to_problem(error: MediaError) -> Problem:
    return Problem(error.code.value, error.detail, status=STATUS_BY_CODE[error.code])


@contextmanager
def as_problems() -> Iterator[None]:
    """Run a use case; its domain errors leave as problems with their stable codes."""
    try:
        yield
    except MediaError as error:
        raise to_problem(error) from error
