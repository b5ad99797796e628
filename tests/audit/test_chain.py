"""The hash chain, checked without any store."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec

from services.audit.domain.trail import GENESIS, TrailEntry, next_entry, verify


def chain(length: int) -> list[TrailEntry]:
    entries: list[TrailEntry] = []
    prev = GENESIS
    for seq in range(1, length + 1):
        payload: dict[str, Any] = {"post_id": f"p{seq}", "text_length": seq}
        entry = next_entry(
            tenant_id="w",
            seq=seq,
            prev_hash=prev,
            event_id=f"e{seq}",
            event_type="publisher.post_scheduled",
            actor="u",
            occurred_at=datetime(2026, 11, 29, 6, seq, tzinfo=UTC),
            payload=payload,
        )
        entries.append(entry)
        prev = entry.hash
    return entries


def test_an_untouched_chain_verifies() -> None:
    report = verify(chain(5))
    assert report.ok and report.entries == 5


def test_a_changed_payload_is_reported_at_its_entry() -> None:
    entries = chain(5)
    entries[2] = msgspec.structs.replace(entries[2], payload={"post_id": "p3", "text_length": 99})
    report = verify(entries)
    assert not report.ok and report.first_broken_seq == 3 and "payload" in report.reason


def test_a_changed_field_covered_by_the_hash_is_reported() -> None:
    entries = chain(4)
    entries[1] = msgspec.structs.replace(entries[1], actor="someone-else")
    report = verify(entries)
    assert report.first_broken_seq == 2 and "hash" in report.reason


def test_a_removed_entry_breaks_the_chain_where_it_was() -> None:
    entries = chain(4)
    del entries[1]
    assert verify(entries).first_broken_seq == 3


def test_a_redacted_payload_keeps_the_chain_verifying() -> None:
    entries = chain(3)
    entries[1] = msgspec.structs.replace(entries[1], payload={}, redacted=True)
    assert verify(entries).ok


def test_the_subject_is_the_most_specific_id_in_the_payload() -> None:
    assert chain(1)[0].subject == "p1"


def test_the_published_retention_bounds_are_the_ones_the_service_enforces() -> None:
    from services.audit.domain.retention import BOUNDS
    from shared.contracts.audit import Retention

    schema = msgspec.json.schema(Retention)["$defs"]["Retention"]["properties"]
    for field, (low, high) in BOUNDS.items():
        assert (schema[field]["minimum"], schema[field]["maximum"]) == (low, high), field
