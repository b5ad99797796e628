"""Which audit records name a data subject (by id or e-mail, anywhere in the entry)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from services.audit.domain.trail import SUBJECT_KEYS, TrailEntry

_text = msgspec.json.Encoder()


def names_subject(value: Any, needles: Iterable[str]) -> bool:
    text = _text.encode(value).decode().lower()
    return any(needle and needle.lower() in text for needle in needles)


def entry_names_subject(entry: TrailEntry, needles: Iterable[str]) -> bool:
    personal = {"actor": entry.actor, "subject": entry.subject, "payload": entry.payload}
    return not entry.redacted and names_subject(personal, needles)


def entry_record(entry: TrailEntry) -> dict[str, Any]:
    """An entry as the export shows it (its key stays with us: it proves, it does not inform)."""
    fields = msgspec.to_builtins(entry)
    fields.pop("digest_key", None)
    return dict(fields)


def ids_acted_on(entry: TrailEntry, user_id: str) -> set[str]:
    """What an entry the user is the actor of is about: its subject and the ids it carries."""
    if entry.redacted or entry.actor != user_id:
        return set()
    carried = {str(entry.payload.get(key) or "") for key in SUBJECT_KEYS}
    return {entry.subject, *carried} - {""}


def disclosure_concerns(record: Mapping[str, Any], ids: set[str]) -> bool:
    """A ledger entry about a post, target, connection or medium in `ids`."""
    named = {str(record.get(key) or "") for key in ("post_id", "target_id", "connection_id")}
    named.update(str(medium) for medium in record.get("media_ids") or ())
    return bool(named & ids)
