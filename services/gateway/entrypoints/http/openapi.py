"""OpenAPI helpers: documented problem responses so clients (and the fuzzer) know every status."""

from __future__ import annotations

from litestar.openapi.datastructures import ResponseSpec

from shared.errors import PROBLEM_CONTENT_TYPE, ProblemDetails


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """Response specs for the given error statuses, all with the problem+json schema."""
    return {
        status: ResponseSpec(
            data_container=ProblemDetails,
            description="A problem (RFC 9457) with a stable `code`",
            media_type=PROBLEM_CONTENT_TYPE,
        )
        for status in statuses
    }
