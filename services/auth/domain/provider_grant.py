"""What a provider grants when a user connects an account, and how provider calls fail."""

from __future__ import annotations

import enum

import msgspec


class TokenGrant(msgspec.Struct, frozen=True, kw_only=True):
    """Tokens and the scopes the user actually granted (never what we asked for)."""

    account_id: str
    access_token: str
    refresh_token: str | None = None
    expires_in: int | None = None
    refresh_expires_in: int | None = None
    scopes: tuple[str, ...] = ()


class ProviderProfile(msgspec.Struct, frozen=True, kw_only=True):
    """Public profile facts shown next to a connection."""

    account_id: str
    display_name: str
    handle: str = ""
    avatar_url: str = ""


class ProviderFailure(enum.StrEnum):
    """How a provider call failed; only INVALID_GRANT means the user must authorise again."""

    INVALID_GRANT = "invalid_grant"
    ACCESS_DENIED = "access_denied"
    TRANSIENT = "transient"
    REJECTED = "rejected"


class ProviderError(Exception):
    """A failed provider call, classified; `detail` is safe to log (never carries tokens)."""

    def __init__(self, failure: ProviderFailure, detail: str, *, provider_code: str = "") -> None:
        super().__init__(f"{failure.value}: {detail}")
        self.failure = failure
        self.detail = detail
        self.provider_code = provider_code

    @property
    def definitive(self) -> bool:
        return self.failure is not ProviderFailure.TRANSIENT
