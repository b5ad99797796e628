"""Answering a repeated create: the first record, if the repeat asked for the same thing."""

from __future__ import annotations

from services.media.app.context import MediaContext
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.idempotency import IdempotencyMark
from services.media.domain.media import Media


async def replay_of(ctx: MediaContext, tenant_id: str, mark: IdempotencyMark) -> tuple[Media, bool]:
    """The first record and whether its upload URL is unused; a different request is refused."""
    found = await ctx.media.find_idempotent(tenant_id=tenant_id, key=mark.key)
    if found is None:
        raise MediaError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED, "this key created media that was since deleted"
        )
    media, fingerprint, unused = found
    if fingerprint != mark.fingerprint:
        raise MediaError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED, "this key was used for a different request"
        )
    return media, unused
