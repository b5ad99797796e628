"""Mapping of posts and targets to stored documents, portable across MongoDB and nx-27017.

Instants are stored as epoch milliseconds (the local server turns `$set` datetimes into
strings); queried flags are integers (it turns `$set` booleans into 0/1, and its null
comparisons are not MongoDB's), so every query condition is on a number or a string.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import msgspec

from services.publisher.domain.failure import Failure
from services.publisher.domain.post import Approval, Post, TargetSpec
from services.publisher.domain.publishing import ProviderHandle
from services.publisher.domain.record import TargetRecord
from services.publisher.domain.schedule import Schedule
from services.publisher.domain.target_state import TargetState
from shared.store.values import epoch_ms


def ms(moment: datetime | None) -> int | None:
    return None if moment is None else epoch_ms(moment)


def instant(value: object) -> datetime | None:
    if value is None or value == 0:
        return None
    return datetime.fromtimestamp(int(value) / 1000, UTC)  # type: ignore[call-overload]


def post_fields(post: Post) -> dict[str, Any]:
    schedule = post.schedule
    return {
        "tenant_id": post.tenant_id,
        "author": post.author,
        "text": post.text,
        "media": list(post.media),
        "tags": list(post.tags),
        "targets": [msgspec.to_builtins(t) for t in post.targets],
        "revision": post.revision,
        "version": post.version,
        "approval": post.approval.value,
        "approval_note": post.approval_note,
        "reviewed_by": post.reviewed_by,
        "schedule": None
        if schedule is None
        else msgspec.to_builtins(schedule) | {"at": epoch_ms(schedule.at)},
        "created_ms": epoch_ms(post.created_at),
        "updated_ms": epoch_ms(post.updated_at),
        "publishing_started": int(post.publishing_started),
        "deleted": int(post.deleted),
    }


def post_from(doc: Mapping[str, Any]) -> Post:
    raw = doc.get("schedule")
    schedule = None
    if raw:
        schedule = msgspec.convert(raw | {"at": instant(raw["at"])}, Schedule, strict=False)
    return Post(
        id=str(doc["_id"]),
        tenant_id=doc["tenant_id"],
        author=doc.get("author", ""),
        text=doc.get("text", ""),
        media=tuple(doc.get("media") or ()),
        tags=tuple(doc.get("tags") or ()),
        targets=tuple(
            msgspec.convert(t, TargetSpec, strict=False) for t in doc.get("targets") or ()
        ),
        revision=int(doc.get("revision", 1)),
        version=int(doc.get("version", 1)),
        approval=Approval(doc.get("approval", "none")),
        approval_note=doc.get("approval_note", ""),
        reviewed_by=doc.get("reviewed_by", ""),
        schedule=schedule,
        created_at=instant(doc["created_ms"]) or datetime.fromtimestamp(0, UTC),
        updated_at=instant(doc["updated_ms"]) or datetime.fromtimestamp(0, UTC),
        publishing_started=bool(doc.get("publishing_started", 0)),
        deleted=bool(doc.get("deleted", 0)),
    )


# TargetRecord fields stored as epoch ms under another name.
INSTANT_FIELDS = {
    "due_at": "due_ms",
    "run_at": "run_at_ms",
    "accepted_at": "accepted_ms",
    "sent_at": "sent_ms",
    "published_at": "published_ms",
    "updated_at": "updated_ms",
}


def change_fields(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """`$set` and `$unset` parts for the given record fields (None clears an instant)."""
    to_set: dict[str, Any] = {}
    to_unset: dict[str, str] = {}
    for name, value in values.items():
        if name in INSTANT_FIELDS:
            stored = INSTANT_FIELDS[name]
            if value is None and name == "run_at":
                to_unset[stored] = ""  # absent: never matched by the claim query
            else:
                to_set[stored] = 0 if value is None else epoch_ms(value)
        elif name == "inbox":
            to_set[name] = int(value)
        else:
            to_set[name] = msgspec.to_builtins(value)
    return to_set, to_unset


def record_document(record: TargetRecord) -> dict[str, Any]:
    values = msgspec.structs.asdict(record)
    values.pop("id")
    to_set, _ = change_fields(values)
    to_set.pop("run_at_ms", None)  # a new record is never queued (drafts only)
    return {"_id": record.id, **to_set, "lease_owner": "", "lease_until_ms": 0}


def record_from(doc: Mapping[str, Any]) -> TargetRecord:
    handle, failure = doc.get("handle"), doc.get("failure")
    return TargetRecord(
        id=str(doc["_id"]),
        tenant_id=doc["tenant_id"],
        post_id=doc["post_id"],
        connection_id=doc["connection_id"],
        provider=doc["provider"],
        state=TargetState(doc["state"]),
        due_at=instant(doc.get("due_ms")),
        run_at=instant(doc.get("run_at_ms")),
        fence=int(doc.get("fence", 0)),
        sends=int(doc.get("sends", 0)),
        key=doc.get("key", ""),
        revision=int(doc.get("revision", 0)),
        attempt_open=int(doc.get("attempt_open", 0)),
        handle=msgspec.convert(handle, ProviderHandle) if handle else None,
        provider_post_id=doc.get("provider_post_id", ""),
        url=doc.get("url", ""),
        inbox=bool(doc.get("inbox", 0)),
        failure=msgspec.convert(failure, Failure) if failure else None,
        last_error=doc.get("last_error", ""),
        lateness_ms=doc.get("lateness_ms"),
        reconciles=int(doc.get("reconciles", 0)),
        polls=int(doc.get("polls", 0)),
        sent_at=instant(doc.get("sent_ms")),
        accepted_at=instant(doc.get("accepted_ms")),
        published_at=instant(doc.get("published_ms")),
        updated_at=instant(doc.get("updated_ms")),
        traceparent=doc.get("traceparent", ""),
        tracestate=doc.get("tracestate", ""),
    )
