"""Use case: a workspace's media, newest first, one page per opaque cursor."""

from __future__ import annotations

import base64
import binascii
import re

from services.media.app.context import MediaContext
from services.media.domain.access import READERS, require_role
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.media import Media, MediaStatus
from shared.tenancy import RequestContext

MAX_PAGE = 100
_CURSOR_PREFIX = "m1:"
_ID = re.compile(r"^med_[0-9A-Z]{26}$")


async def list_media(
    ctx: MediaContext,
    request: RequestContext,
    *,
    cursor: str | None,
    limit: int,
    status: MediaStatus | None,
) -> tuple[list[Media], str | None]:
    """One page and the cursor of the next (None on the last page)."""
    tenant_id = require_role(request, READERS)
    if not 1 <= limit <= MAX_PAGE:
        raise MediaError(ErrorCode.INVALID_REQUEST, f"limit must be 1..{MAX_PAGE}")
    before = None if cursor is None else decode_cursor(cursor)
    items = await ctx.media.list_page(
        tenant_id=tenant_id, before_id=before, limit=limit + 1, status=status
    )
    if len(items) <= limit:
        return items, None
    page = items[:limit]
    return page, encode_cursor(page[-1].id)


def encode_cursor(media_id: str) -> str:
    return base64.urlsafe_b64encode((_CURSOR_PREFIX + media_id).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise MediaError(ErrorCode.INVALID_CURSOR, "the cursor is not one we issued") from exc
    media_id = raw.removeprefix(_CURSOR_PREFIX)
    if not raw.startswith(_CURSOR_PREFIX) or not _ID.match(media_id):
        raise MediaError(ErrorCode.INVALID_CURSOR, "the cursor is not one we issued")
    return media_id
