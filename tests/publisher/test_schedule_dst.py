"""Schedules in IANA zones across daylight-saving changes (decision 0042)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.publisher.domain.errors import ScheduleRejected
from services.publisher.domain.schedule import ensure_not_past, immediate, resolve


def test_a_plain_wall_time_becomes_the_utc_instant_and_keeps_its_zone() -> None:
    schedule = resolve("2026-07-01T09:30:00", "Europe/Paris")
    assert schedule.at == datetime(2026, 7, 1, 7, 30, tzinfo=UTC)
    assert (schedule.zone, schedule.local, schedule.ambiguous) == (
        "Europe/Paris",
        "2026-07-01T09:30:00",
        False,
    )


@pytest.mark.parametrize(
    ("local", "zone", "first_valid"),
    [
        ("2026-03-29T02:30:00", "Europe/Paris", "2026-03-29T03:00:00"),
        ("2026-03-08T02:15:00", "America/New_York", "2026-03-08T03:00:00"),
    ],
)
def test_a_wall_time_in_the_spring_forward_gap_is_refused_naming_the_next_valid_time(
    local: str, zone: str, first_valid: str
) -> None:
    with pytest.raises(ScheduleRejected) as caught:
        resolve(local, zone)
    assert caught.value.code == "schedule_time_nonexistent"
    assert first_valid in caught.value.detail


@pytest.mark.parametrize(
    ("local", "zone", "earlier_utc", "later_utc"),
    [
        (
            "2026-10-25T02:30:00",
            "Europe/Paris",
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        ),
        (
            "2026-11-01T01:30:00",
            "America/New_York",
            datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
            datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
        ),
    ],
)
def test_an_ambiguous_fall_back_time_takes_the_earlier_occurrence_unless_asked(
    local: str, zone: str, earlier_utc: datetime, later_utc: datetime
) -> None:
    earlier = resolve(local, zone)
    later = resolve(local, zone, occurrence="later")
    assert (earlier.at, earlier.fold, earlier.ambiguous) == (earlier_utc, 0, True)
    assert (later.at, later.fold, later.ambiguous) == (later_utc, 1, True)
    assert later.at - earlier.at == timedelta(hours=1)


def test_an_explicit_offset_picks_the_occurrence_and_a_wrong_one_is_refused() -> None:
    chosen = resolve("2026-10-25T02:30:00+01:00", "Europe/Paris")
    assert (chosen.at, chosen.fold) == (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), 1)
    with pytest.raises(ScheduleRejected) as caught:
        resolve("2026-10-25T02:30:00+05:00", "Europe/Paris")
    assert caught.value.code == "schedule_offset_mismatch"


def test_the_same_wall_time_a_day_apart_across_a_change_is_23_or_25_hours_apart() -> None:
    before = resolve("2026-03-28T09:00:00", "Europe/Paris")
    after = resolve("2026-03-29T09:00:00", "Europe/Paris")
    assert after.at - before.at == timedelta(hours=23)
    before = resolve("2026-10-31T09:00:00", "America/New_York")
    after = resolve("2026-11-01T09:00:00", "America/New_York")
    assert after.at - before.at == timedelta(hours=25)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", ""])
def test_an_unknown_zone_is_refused(zone: str) -> None:
    with pytest.raises(ScheduleRejected) as caught:
        resolve("2026-07-01T09:30:00", zone)
    assert caught.value.code == "schedule_unknown_timezone"


def test_a_malformed_time_is_refused() -> None:
    with pytest.raises(ScheduleRejected) as caught:
        resolve("tomorrow at nine", "Europe/Paris")
    assert caught.value.code == "schedule_invalid_time"


def test_a_past_time_is_refused_beyond_a_short_grace() -> None:
    now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    ensure_not_past(resolve("2026-07-01T13:59:45", "Europe/Paris"), now)  # 15 s ago: fine
    with pytest.raises(ScheduleRejected) as caught:
        ensure_not_past(resolve("2026-07-01T13:00:00", "Europe/Paris"), now)
    assert caught.value.code == "schedule_in_past"


def test_publish_now_is_due_at_once_and_shown_in_the_callers_zone() -> None:
    now = datetime(2026, 7, 1, 12, 0, 30, tzinfo=UTC)
    schedule = immediate(now, "America/New_York")
    assert (schedule.at, schedule.local) == (now, "2026-07-01T08:00:30")
