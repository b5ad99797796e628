"""Issuing and checking the signed URLs of the data plane (the grant says what they allow)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from services.media.app.context import MediaContext
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.grants import GrantPurpose, SignedGrant

UPLOAD_PATH = "/uploads/"
DOWNLOAD_PATH = "/downloads/"


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def issue_url(
    ctx: MediaContext,
    *,
    purpose: GrantPurpose,
    tenant_id: str,
    media_id: str,
    ttl_s: int,
    nonce: str = "",
    internal: bool = False,
) -> tuple[str, datetime]:
    """A URL on the data plane that allows `purpose` on one media item until it expires."""
    expires_at = (ctx.clock.now() + timedelta(seconds=ttl_s)).replace(microsecond=0)
    grant = SignedGrant(
        purpose=purpose,
        tenant_id=tenant_id,
        media_id=media_id,
        expires_at_s=int(expires_at.timestamp()),
        nonce=nonce,
    )
    base = ctx.urls.internal if internal else ctx.urls.public
    path = UPLOAD_PATH if purpose is GrantPurpose.UPLOAD else DOWNLOAD_PATH
    return f"{base.rstrip('/')}{path}{ctx.signer.sign(grant)}", expires_at


def check_token(ctx: MediaContext, token: str, *, purpose: GrantPurpose) -> SignedGrant:
    """The grant of a genuine, unexpired token for this purpose."""
    grant = ctx.signer.verify(token)
    if grant.purpose is not purpose:
        raise MediaError(ErrorCode.URL_INVALID, "this URL does not allow that")
    if grant.expires_at_s <= int(ctx.clock.now().timestamp()):
        raise MediaError(ErrorCode.URL_EXPIRED, "this URL has expired; ask for a new one")
    return grant
