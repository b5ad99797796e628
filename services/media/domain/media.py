"""A media item: its status machine, what probing found, and who may do what with it."""

from __future__ import annotations

import enum
from datetime import datetime

import msgspec

from services.media.domain.errors import ErrorCode, MediaError


class MediaKind(enum.StrEnum):
    IMAGE = "image"
    VIDEO = "video"


class MediaSource(enum.StrEnum):
    UPLOAD = "upload"
    IMPORT = "import"


class MediaStatus(enum.StrEnum):
    UPLOADING = "uploading"
    PROCESSING = "processing"
    PENDING_REVIEW = "pending_review"
    READY = "ready"
    REJECTED = "rejected"


_NEXT: dict[MediaStatus, frozenset[MediaStatus]] = {
    MediaStatus.UPLOADING: frozenset({MediaStatus.PROCESSING, MediaStatus.REJECTED}),
    MediaStatus.PROCESSING: frozenset(
        {MediaStatus.READY, MediaStatus.PENDING_REVIEW, MediaStatus.REJECTED}
    ),
    MediaStatus.PENDING_REVIEW: frozenset({MediaStatus.READY, MediaStatus.REJECTED}),
    MediaStatus.READY: frozenset(),
    MediaStatus.REJECTED: frozenset(),
}


class ProbeResult(msgspec.Struct, frozen=True, kw_only=True):
    """What the prober measured; video fields stay empty for images."""

    format: str
    width: int
    height: int
    duration_s: float | None = None
    codec: str = ""
    fps: float | None = None


class Media(msgspec.Struct, frozen=True, kw_only=True):
    """One uploaded or imported file; the bytes live behind the storage port under `blob_key`."""

    id: str
    tenant_id: str
    kind: MediaKind | None
    content_type: str
    filename: str
    declared_size: int | None
    source: MediaSource
    source_url: str = ""
    status: MediaStatus = MediaStatus.UPLOADING
    size: int | None = None
    sha256: str = ""
    probe: ProbeResult | None = None
    reason: str = ""
    reason_detail: str = ""
    created_at: datetime
    created_by: str
    attached_at: datetime | None = None
    reviewed_by: str = ""
    version: int = 1

    @property
    def blob_key(self) -> str:
        return blob_key(self.tenant_id, self.id)

    def moved_to(self, status: MediaStatus, **changes: object) -> Media:
        """The record after a transition; an illegal one is a defect in the caller."""
        if status not in _NEXT[self.status]:
            raise MediaError(ErrorCode.INVALID_REQUEST, f"{self.status} cannot become {status}")
        return msgspec.structs.replace(self, status=status, **changes)

    def rejected(self, code: ErrorCode, detail: str = "", **changes: object) -> Media:
        return self.moved_to(
            MediaStatus.REJECTED, reason=code.value, reason_detail=detail, **changes
        )


def blob_key(tenant_id: str, media_id: str) -> str:
    """Server-generated storage key: never derived from anything a client sent."""
    return f"{tenant_id}/{media_id}"


class ReviewDecision(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
