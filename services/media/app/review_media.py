"""Use case: an owner or admin approves or rejects media waiting in review."""

from __future__ import annotations

from services.media.app.context import MediaContext
from services.media.app.views import ready_event, rejected_event
from services.media.domain.access import REVIEWERS, require_role
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import Media, MediaStatus, ReviewDecision
from shared.contracts.envelope import Event
from shared.tenancy import RequestContext

MAX_REASON = 500


async def review_media(
    ctx: MediaContext,
    request: RequestContext,
    *,
    media_id: str,
    decision: ReviewDecision,
    reason: str,
) -> Media:
    """Approval makes the media ready; rejection needs a reason and removes the bytes."""
    tenant_id = require_role(request, REVIEWERS, internal_ok=False)
    reason = reason.strip()
    if decision is ReviewDecision.REJECT and not reason:
        raise MediaError(ErrorCode.INVALID_REQUEST, "a rejection needs a reason")
    if len(reason) > MAX_REASON:
        raise MediaError(ErrorCode.INVALID_REQUEST, f"the reason exceeds {MAX_REASON} characters")
    media = await ctx.media.get(tenant_id=tenant_id, media_id=media_id)
    if media is None:
        raise MediaError(ErrorCode.NOT_FOUND, "no such media")
    if media.status is not MediaStatus.PENDING_REVIEW:
        raise MediaError(ErrorCode.NOT_PENDING_REVIEW, f"the media is {media.status}")
    event: Event
    if decision is ReviewDecision.APPROVE:
        decided = media.moved_to(MediaStatus.READY, reviewed_by=request.actor)
        event = ready_event(decided, actor=request.actor)
    else:
        decided = media.rejected(ErrorCode.REJECTED_IN_REVIEW, reason, reviewed_by=request.actor)
        event = rejected_event(decided, actor=request.actor)
    saved = await ctx.media.save(decided, events=[event])
    if saved is None:
        raise MediaError(ErrorCode.NOT_PENDING_REVIEW, "the media changed; reload it")
    if decision is ReviewDecision.REJECT:
        await ctx.storage.delete(media.blob_key)
    return saved
