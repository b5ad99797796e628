"""Use case: the publisher marks media as used by a post, taking it out of the unattached purge."""

from __future__ import annotations

from collections.abc import Sequence

from services.media.app.context import MediaContext
from services.media.domain.access import WRITERS, require_role
from services.media.domain.errors import ErrorCode, MediaError
from shared.tenancy import RequestContext

MAX_ATTACH = 100


async def attach_media(
    ctx: MediaContext, request: RequestContext, *, media_ids: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Idempotent; returns the attached ids and those absent from the caller's workspace."""
    tenant_id = require_role(request, WRITERS)
    if len(media_ids) > MAX_ATTACH:
        raise MediaError(ErrorCode.INVALID_REQUEST, f"at most {MAX_ATTACH} ids at once")
    wanted = list(dict.fromkeys(media_ids))
    found = await ctx.media.attach(tenant_id=tenant_id, media_ids=wanted, at=ctx.clock.now())
    return [i for i in wanted if i in found], [i for i in wanted if i not in found]
