"""Every error leaves the gateway as application/problem+json with a stable `code`."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from shared.errors import PROBLEM_CONTENT_TYPE, Problem, ProblemCode

log = logging.getLogger("gamontj.gateway")

_CODE_BY_STATUS = {
    400: ProblemCode.BAD_REQUEST,
    401: ProblemCode.UNAUTHENTICATED,
    403: ProblemCode.FORBIDDEN,
    404: ProblemCode.NOT_FOUND,
    405: ProblemCode.METHOD_NOT_ALLOWED,
    409: ProblemCode.CONFLICT,
    413: ProblemCode.PAYLOAD_TOO_LARGE,
    415: ProblemCode.UNSUPPORTED_MEDIA_TYPE,
    429: ProblemCode.RATE_LIMITED,
    503: ProblemCode.SERVICE_UNAVAILABLE,
}


def problem_response(problem: Problem, request: Request[Any, Any, Any]) -> Response[bytes]:
    details = problem.to_details(instance=request.url.path)
    return Response(
        content=msgspec.json.encode(details),
        status_code=problem.status,
        media_type=PROBLEM_CONTENT_TYPE,
        headers=problem.headers,
    )


def _on_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, Problem)
    return problem_response(exc, request)


def _on_validation(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, ValidationException)
    extra = exc.extra if isinstance(exc.extra, list) else []
    errors = [e for e in extra if isinstance(e, dict)]
    problem = Problem(
        ProblemCode.BAD_REQUEST, "the request does not match the schema", errors=errors
    )
    return problem_response(problem, request)


def _on_http(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, HTTPException)
    code = _CODE_BY_STATUS.get(exc.status_code, ProblemCode.BAD_REQUEST)
    headers = dict(exc.headers or {})
    problem = Problem(code, str(exc.detail), status=exc.status_code, headers=headers)
    return problem_response(problem, request)


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    # The client learns nothing about internals; the log keeps the trace id for operators.
    log.exception("unhandled error", exc_info=exc)
    return problem_response(Problem(ProblemCode.INTERNAL, "unexpected error"), request)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    Problem: _on_problem,
    ValidationException: _on_validation,
    HTTPException: _on_http,
    Exception: _on_unexpected,
}
