"""Strict JSON bodies: Litestar converts leniently ("1" becomes true); the API must not."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from litestar import Request

from shared.errors import Problem, ProblemCode

T = TypeVar("T")


async def strict_body(request: Request[Any, Any, Any], kind: type[T]) -> T:
    """Decode the (cached) body again without type coercion; a mismatch is a 400 problem."""
    try:
        return msgspec.json.decode(await request.body(), type=kind)
    except msgspec.ValidationError as exc:
        raise Problem(
            ProblemCode.BAD_REQUEST,
            "the request does not match the schema",
            errors=[{"message": str(exc), "source": "body"}],
        ) from exc
