"""How a media record is stored: instants as epoch milliseconds, enums as their values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import msgspec

from services.media.domain.idempotency import IdempotencyMark
from services.media.domain.media import Media, MediaKind, MediaSource, MediaStatus, ProbeResult
from shared.store.values import epoch_ms

LIVE = "live"
TOMBSTONE = "tombstone"
BLOB_PENDING = "pending_removal"
BLOB_REMOVED = "removed"


def to_fields(media: Media) -> dict[str, Any]:
    """Every field a state change may touch (identity and tenant are written on insert)."""
    return {
        "kind": None if media.kind is None else media.kind.value,
        "content_type": media.content_type,
        "filename": media.filename,
        "declared_size": media.declared_size,
        "source": media.source.value,
        "source_url": media.source_url,
        "status": media.status.value,
        "size": media.size,
        "sha256": media.sha256,
        "probe": None if media.probe is None else msgspec.to_builtins(media.probe),
        "reason": media.reason,
        "reason_detail": media.reason_detail,
        "created_at_ms": epoch_ms(media.created_at),
        "created_by": media.created_by,
        "attached_at_ms": None if media.attached_at is None else epoch_ms(media.attached_at),
        "reviewed_by": media.reviewed_by,
    }


def to_document(
    media: Media, *, upload_nonce: str, idempotency: IdempotencyMark | None
) -> dict[str, Any]:
    # `seq` repeats the id (a ULID, sortable by time) so pages use a tenant-led index. Without
    # an idempotency key the id stands in, keeping the unique index valid without a partial
    # index (which the local wire-protocol store does not support).
    return {
        "_id": media.id,
        "tenant_id": media.tenant_id,
        "seq": media.id,
        "idem_key": media.id if idempotency is None else idempotency.key,
        "idem_fingerprint": "" if idempotency is None else idempotency.fingerprint,
        "record": LIVE,
        "version": media.version,
        "upload_nonce": upload_nonce or None,
        "lease_until_ms": None,
        "lease_attempts": 0,
        **to_fields(media),
    }


def from_document(doc: Mapping[str, Any]) -> Media:
    probe = doc.get("probe")
    return Media(
        id=doc["_id"],
        tenant_id=doc["tenant_id"],
        kind=None if doc.get("kind") is None else MediaKind(doc["kind"]),
        content_type=doc.get("content_type") or "",
        filename=doc.get("filename") or "",
        declared_size=_int(doc.get("declared_size")),
        source=MediaSource(doc["source"]),
        source_url=doc.get("source_url") or "",
        status=MediaStatus(doc["status"]),
        size=_int(doc.get("size")),
        sha256=doc.get("sha256") or "",
        probe=None if not probe else msgspec.convert(probe, ProbeResult),
        reason=doc.get("reason") or "",
        reason_detail=doc.get("reason_detail") or "",
        created_at=_instant(doc["created_at_ms"]),
        created_by=doc.get("created_by") or "",
        attached_at=None if doc.get("attached_at_ms") is None else _instant(doc["attached_at_ms"]),
        reviewed_by=doc.get("reviewed_by") or "",
        version=int(doc["version"]),
    )


def _int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def _instant(ms: object) -> datetime:
    return datetime.fromtimestamp(int(ms) / 1000, tz=UTC)  # type: ignore[call-overload]
