"""One pending OAuth authorisation: single-use, short-lived, bound to who started it."""

from __future__ import annotations

import enum
from datetime import datetime

import msgspec


class OAuthTransaction(msgspec.Struct, frozen=True, kw_only=True):
    """Stored under the hash of its `state`; the state itself is only in the user's browser."""

    state_hash: str
    tenant_id: str
    user_id: str
    provider: str
    code_verifier: str
    redirect_uri: str
    browser_hash: str = ""
    expires_at: datetime


class CallbackRefusal(enum.StrEnum):
    """Why a callback was refused; each is a stable problem code and nothing is stored."""

    MISSING_STATE = "oauth_state_missing"
    UNKNOWN_STATE = "oauth_state_invalid"
    REPLAYED_STATE = "oauth_state_replayed"
    EXPIRED_STATE = "oauth_state_expired"
    OTHER_USER = "oauth_state_other_user"
    OTHER_BROWSER = "oauth_state_other_browser"
    WRONG_PROVIDER = "oauth_provider_mismatch"
    ACCESS_DENIED = "oauth_access_denied"
    PROVIDER_ERROR = "oauth_provider_error"
    EXCHANGE_FAILED = "oauth_token_exchange_failed"
    MISSING_CODE = "oauth_code_missing"


class CallbackRefused(Exception):
    def __init__(self, reason: CallbackRefusal, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail
