"""Reading stored values the same way from MongoDB and from the local wire-protocol server.

The local server returns datetimes written by `$set` as naive ISO strings; MongoDB returns
BSON dates. Everything that reads an instant goes through `utc()`; range conditions that
must be exact (leases, due times) use epoch milliseconds, which compare the same on both.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc(value: object) -> datetime | None:
    """A stored instant as an aware UTC datetime (None stays None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise TypeError(f"not a stored instant: {value!r}")


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def plain(value: object) -> object:
    """A stored document as plain JSON-ready values (BSON's Int64 and ObjectId included)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str | float | datetime):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)
