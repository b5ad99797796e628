"""What a signed URL grants: one action on one media item of one workspace, until a moment."""

from __future__ import annotations

import enum

import msgspec


class GrantPurpose(enum.StrEnum):
    UPLOAD = "upload"
    DOWNLOAD = "download"


class SignedGrant(msgspec.Struct, frozen=True, kw_only=True):
    """The claims inside a signed URL; `nonce` makes an upload URL single-use."""

    purpose: GrantPurpose
    tenant_id: str
    media_id: str
    expires_at_s: int
    nonce: str = ""
