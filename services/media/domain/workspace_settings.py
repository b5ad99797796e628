"""A workspace's media settings: the review gate and how long attached media is kept."""

from __future__ import annotations

import msgspec

from services.media.domain.errors import ErrorCode, MediaError

MAX_RETENTION_DAYS = 3650


class WorkspaceMediaSettings(msgspec.Struct, frozen=True, kw_only=True):
    """`retention_days` None keeps attached media until deleted; unattached media always expires."""

    tenant_id: str
    review_required: bool = False
    retention_days: int | None = None

    def __post_init__(self) -> None:
        days = self.retention_days
        if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
            raise MediaError(
                ErrorCode.INVALID_REQUEST, f"retention_days must be 1..{MAX_RETENTION_DAYS}"
            )
