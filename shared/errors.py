"""Problem details (RFC 9457) with stable codes: the one error vocabulary of every service."""

from __future__ import annotations

import enum
from typing import Any

import msgspec

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://gamontj.dev/problems/"


class ProblemCode(enum.StrEnum):
    """Stable machine-readable codes; clients branch on these, never on the text."""

    BAD_REQUEST = "bad_request"
    VALIDATION_FAILED = "validation_failed"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    RATE_LIMITED = "rate_limited"
    INTERNAL = "internal_error"
    SERVICE_UNAVAILABLE = "service_unavailable"
    UPSTREAM_TIMEOUT = "upstream_timeout"


STATUS_BY_CODE: dict[ProblemCode, int] = {
    ProblemCode.BAD_REQUEST: 400,
    ProblemCode.VALIDATION_FAILED: 422,
    ProblemCode.UNAUTHENTICATED: 401,
    ProblemCode.FORBIDDEN: 403,
    ProblemCode.NOT_FOUND: 404,
    ProblemCode.METHOD_NOT_ALLOWED: 405,
    ProblemCode.CONFLICT: 409,
    ProblemCode.PAYLOAD_TOO_LARGE: 413,
    ProblemCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ProblemCode.RATE_LIMITED: 429,
    ProblemCode.INTERNAL: 500,
    ProblemCode.SERVICE_UNAVAILABLE: 503,
    ProblemCode.UPSTREAM_TIMEOUT: 504,
}

TITLE_BY_CODE: dict[ProblemCode, str] = {
    code: code.value.replace("_", " ").capitalize() for code in ProblemCode
}


class ProblemDetails(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The wire form of an error, as HTTP bodies and RPC error replies carry it."""

    type: str
    title: str
    status: int
    code: str
    detail: str = ""
    instance: str = ""
    errors: list[dict[str, Any]] = msgspec.field(default_factory=list)


class Problem(Exception):
    """A failure a caller can act on; domain errors are translated into one of these."""

    def __init__(
        self,
        code: ProblemCode | str,
        detail: str = "",
        *,
        status: int | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or str(code))
        self.code = str(code)
        known = ProblemCode(self.code) if self.code in ProblemCode._value2member_map_ else None
        self.status = status or (STATUS_BY_CODE[known] if known else 400)
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}

    def to_details(self, instance: str = "") -> ProblemDetails:
        known = ProblemCode(self.code) if self.code in ProblemCode._value2member_map_ else None
        title = TITLE_BY_CODE[known] if known else self.code.replace("_", " ").capitalize()
        return ProblemDetails(
            type=PROBLEM_TYPE_BASE + self.code,
            title=title,
            status=self.status,
            code=self.code,
            detail=self.detail,
            instance=instance,
            errors=self.errors,
        )

    @classmethod
    def from_details(cls, details: ProblemDetails) -> Problem:
        return cls(details.code, details.detail, status=details.status, errors=details.errors)
