"""When a post goes out: a local wall time in an IANA zone, kept with its UTC instant.

DST rules (docs/decisions/0042-schedules-and-dst.md):
- a wall time inside a spring-forward gap does not exist; it is refused with code
  `schedule_time_nonexistent` and the detail names the first valid time after the gap;
- a wall time repeated by a fall-back change is ambiguous; `occurrence` chooses (`earlier`,
  the default, is Python's fold=0; `later` is fold=1), and an explicit UTC offset in the
  given time chooses by itself. The chosen fold is stored and returned.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from services.publisher.domain.errors import ScheduleRejected

Occurrence = Literal["earlier", "later"]
PAST_TOLERANCE = timedelta(seconds=30)


class Schedule(msgspec.Struct, frozen=True, kw_only=True):
    """The instant to publish at, plus what the person asked for (wall time and zone)."""

    at: datetime  # aware, UTC
    zone: str
    local: str  # wall time as ISO 8601 without offset, e.g. 2026-03-29T03:30:00
    fold: int = 0
    ambiguous: bool = False  # the wall time happens twice in that zone


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleRejected(
            f"unknown time zone {name!r}; use an IANA name such as Europe/Paris",
            code="schedule_unknown_timezone",
        ) from exc


def _parse(local: str) -> datetime:
    try:
        return datetime.fromisoformat(local)
    except ValueError as exc:
        raise ScheduleRejected(
            f"{local!r} is not an ISO 8601 date-time", code="schedule_invalid_time"
        ) from exc


def _exists(wall: datetime, zone: ZoneInfo) -> bool:
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def _first_valid_after(wall: datetime, zone: ZoneInfo) -> datetime:
    # Gaps are at most a few hours and start on a minute boundary in every zone we know.
    probe = wall.replace(second=0, microsecond=0)
    for _ in range(24 * 60):
        probe += timedelta(minutes=1)
        if _exists(probe, zone):
            return probe
    return probe


def resolve(local: str, zone_name: str, *, occurrence: Occurrence = "earlier") -> Schedule:
    """Turn a wall time and zone into a Schedule, applying the DST rules above."""
    zone = zone_of(zone_name)
    given = _parse(local)
    wall = given.replace(tzinfo=None, microsecond=0)
    if not _exists(wall, zone):
        valid = _first_valid_after(wall, zone)
        raise ScheduleRejected(
            f"{wall.isoformat()} does not exist in {zone_name} (the clocks skip it for a "
            f"daylight-saving change); the first valid time after it is {valid.isoformat()}",
            code="schedule_time_nonexistent",
        )
    earlier, later = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    ambiguous = earlier.utcoffset() != later.utcoffset()
    fold = 1 if occurrence == "later" else 0
    if given.tzinfo is not None:
        fold = _fold_for_offset(given, earlier, later, zone_name)
    chosen = later if fold else earlier
    return Schedule(
        at=chosen.astimezone(UTC),
        zone=zone_name,
        local=wall.isoformat(),
        fold=fold if ambiguous else 0,
        ambiguous=ambiguous,
    )


def _fold_for_offset(given: datetime, earlier: datetime, later: datetime, zone: str) -> int:
    offset = given.utcoffset()
    if offset == earlier.utcoffset():
        return 0
    if offset == later.utcoffset():
        return 1
    raise ScheduleRejected(
        f"{given.isoformat()} has an offset that {zone} never uses at that wall time",
        code="schedule_offset_mismatch",
    )


def ensure_not_past(schedule: Schedule, now: datetime) -> None:
    """Refuse a time already gone (publish-now exists for that); a short grace absorbs lag."""
    if schedule.at < now - PAST_TOLERANCE:
        raise ScheduleRejected(
            f"{schedule.local} {schedule.zone} is in the past; use publish-now to post at once",
            code="schedule_in_past",
        )


def immediate(now: datetime, zone_name: str = "UTC") -> Schedule:
    """The schedule of a publish-now request: due at once, shown in the caller's zone."""
    zone = zone_of(zone_name)
    local = now.astimezone(zone).replace(tzinfo=None, microsecond=0)
    return Schedule(at=now.astimezone(UTC), zone=zone_name, local=local.isoformat())
