"""The audit trail: per-workspace entries, each carrying the hash of the one before it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import msgspec

GENESIS = "0" * 64
ERASED_ACTOR = "erased"
# Payload keys that name what an event is about, most specific first.
SUBJECT_KEYS = (
    "target_id",
    "post_id",
    "media_id",
    "connection_id",
    "invitation_id",
    "api_key_id",
    "member_id",
    "user_id",
    "request_id",
    "workspace_id",
)

_canonical = msgspec.json.Encoder(order="sorted")


class TrailEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One recorded event; `hash` covers every field but itself, `prev_hash` links the chain.

    The personal fields (actor, subject, payload) enter the hash only through
    `payload_digest`, an HMAC under the entry's own `digest_key` (decision 0081). Erasure
    removes those fields and the key together: the chain still verifies, and what is left
    cannot be linked back to the person, not even by guessing their ids.
    """

    tenant_id: str
    seq: int
    event_id: str
    event_type: str
    actor: str
    subject: str
    occurred_at: datetime
    payload: dict[str, Any]
    payload_digest: str
    prev_hash: str
    hash: str
    redacted: bool = False
    digest_key: str = ""


def digest(value: Any) -> str:
    return hashlib.sha256(_canonical.encode(value)).hexdigest()


def personal_digest(key: str, *, actor: str, subject: str, payload: Any) -> str:
    """Keyed digest of everything in an entry that may name a person."""
    fields = {"actor": actor, "subject": subject, "payload": payload}
    return hmac.new(bytes.fromhex(key), _canonical.encode(fields), hashlib.sha256).hexdigest()


def new_digest_key() -> str:
    return secrets.token_hex(32)


def pseudonymised(entry: TrailEntry) -> TrailEntry:
    """The entry without its personal fields and key; hash and links are untouched."""
    return msgspec.structs.replace(
        entry, actor=ERASED_ACTOR, subject="", payload={}, digest_key="", redacted=True
    )


def subject_of(payload: Mapping[str, Any]) -> str:
    for key in SUBJECT_KEYS:
        value = payload.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def entry_hash(
    *,
    tenant_id: str,
    seq: int,
    event_id: str,
    event_type: str,
    occurred_at: datetime,
    payload_digest: str,
    prev_hash: str,
) -> str:
    """Personal fields enter through their keyed digest, so pseudonymising keeps the chain."""
    fields = {
        "tenant_id": tenant_id,
        "seq": seq,
        "event_id": event_id,
        "event_type": event_type,
        "occurred_at": occurred_at.isoformat(),
        "payload_digest": payload_digest,
        "prev_hash": prev_hash,
    }
    return digest(fields)


def next_entry(
    *,
    tenant_id: str,
    seq: int,
    prev_hash: str,
    event_id: str,
    event_type: str,
    actor: str,
    occurred_at: datetime,
    payload: dict[str, Any],
    digest_key: str | None = None,
) -> TrailEntry:
    key = digest_key or new_digest_key()
    subject = subject_of(payload)
    payload_digest = personal_digest(key, actor=actor, subject=subject, payload=payload)
    return TrailEntry(
        tenant_id=tenant_id,
        seq=seq,
        event_id=event_id,
        event_type=event_type,
        actor=actor,
        subject=subject,
        occurred_at=occurred_at,
        payload=payload,
        payload_digest=payload_digest,
        prev_hash=prev_hash,
        digest_key=key,
        hash=entry_hash(
            tenant_id=tenant_id,
            seq=seq,
            event_id=event_id,
            event_type=event_type,
            occurred_at=occurred_at,
            payload_digest=payload_digest,
            prev_hash=prev_hash,
        ),
    )


class ChainReport(msgspec.Struct, frozen=True, kw_only=True):
    ok: bool
    entries: int
    first_broken_seq: int | None = None
    first_broken_event_id: str | None = None
    reason: str = ""


class ChainCheck:
    """Checks a chain entry by entry, so a long trail is never held in memory."""

    def __init__(self, anchor: tuple[int, str] | None = None) -> None:
        # After a retention purge the chain continues from the last purged entry.
        self._start, self._expected_prev = anchor or (0, GENESIS)
        self._count = 0

    def feed(self, entry: TrailEntry) -> ChainReport | None:
        """The report of the first broken entry, or None while everything checks out."""
        self._count += 1
        reason = _broken(entry, self._expected_prev, self._start + self._count)
        if reason:
            return ChainReport(
                ok=False,
                entries=self._count,
                first_broken_seq=entry.seq,
                first_broken_event_id=entry.event_id,
                reason=reason,
            )
        self._expected_prev = entry.hash
        return None

    def report(self) -> ChainReport:
        return ChainReport(ok=True, entries=self._count)


def verify(entries: Iterable[TrailEntry]) -> ChainReport:
    """Recompute every link in order; report the first entry that does not check out."""
    check = ChainCheck()
    for entry in entries:
        if (broken := check.feed(entry)) is not None:
            return broken
    return check.report()


def _broken(entry: TrailEntry, expected_prev: str, position: int) -> str:
    if entry.seq != position:
        return f"sequence gap: expected {position}"
    if entry.prev_hash != expected_prev:
        return "link to the previous entry does not match"
    if not entry.redacted and _personal_mismatch(entry):
        return "actor, subject or payload does not match its keyed hash"
    recomputed = entry_hash(
        tenant_id=entry.tenant_id,
        seq=entry.seq,
        event_id=entry.event_id,
        event_type=entry.event_type,
        occurred_at=entry.occurred_at,
        payload_digest=entry.payload_digest,
        prev_hash=entry.prev_hash,
    )
    return "" if recomputed == entry.hash else "entry hash does not match its content"


def _personal_mismatch(entry: TrailEntry) -> bool:
    if not entry.digest_key:
        return True  # only a pseudonymised (redacted) entry may lack its key
    expected = personal_digest(
        entry.digest_key, actor=entry.actor, subject=entry.subject, payload=entry.payload
    )
    return not hmac.compare_digest(expected, entry.payload_digest)
