"""Query parameters of list endpoints: strict instants (Litestar would read `0.5` as a time)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar.params import QueryParameter

from shared.errors import Problem, ProblemCode

From = Annotated[str | None, QueryParameter(name="from", format="date-time", max_length=40)]
To = Annotated[str | None, QueryParameter(name="to", format="date-time", max_length=40)]


def instant(name: str, value: str | None) -> datetime | None:
    """An RFC 3339 date-time with an offset, parsed without coercion; anything else is a 400."""
    if value is None:
        return None
    try:
        return msgspec.convert(value, datetime, strict=True)
    except msgspec.ValidationError as exc:
        raise Problem(
            ProblemCode.BAD_REQUEST, f"`{name}` must be an RFC 3339 date-time with an offset"
        ) from exc
