"""Strict JSON bodies: Litestar converts leniently ("1" becomes true); the API must not."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from litestar import Request

from shared.errors import Problem, ProblemCode

T = TypeVar("T")


async def strict_body(request: Request[Any, Any, Any], kind: type[T]) -> T:
    """Decode the (cached) body again without type coercion; a mismatch is a 400 problem.

    A JSON number with no fraction (`5.0`) is an integer in JSON Schema, so it stays one.
    """
    try:
        raw = msgspec.json.decode(await request.body())
        return msgspec.convert(_integral(raw), kind, strict=True)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise Problem(
            ProblemCode.BAD_REQUEST,
            "the request does not match the schema",
            errors=[{"message": str(exc), "source": "body"}],
        ) from exc


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral(item) for item in value]
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    return value
