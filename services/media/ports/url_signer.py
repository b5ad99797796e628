"""Port: signing and verifying the grants that signed URLs carry."""

from __future__ import annotations

from typing import Protocol

from services.media.domain.grants import SignedGrant


class UrlSigner(Protocol):
    """Tamper-proof tokens; `verify` raises `MediaError(signed_url_invalid)` on any mismatch."""

    def sign(self, grant: SignedGrant) -> str: ...

    def verify(self, token: str) -> SignedGrant: ...
