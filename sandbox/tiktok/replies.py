"""TikTok answer shapes: the API v2 envelope, OAuth errors, and the fault/limit style."""

from __future__ import annotations

from typing import Any

from litestar import Response

from sandbox.ratelimit import Verdict
from sandbox.replies import ProviderError, Reply
from sandbox.tokens import new_log_id

OAUTH_ENDPOINTS = frozenset({"authorize", "token", "revoke"})
STATUS_OF = {
    "access_token_invalid": 401,
    "scope_not_authorized": 401,
    "rate_limit_exceeded": 429,
    "internal_error": 500,
    "spam_risk_too_many_posts": 403,
    "spam_risk_too_many_pending_share": 403,
    "spam_risk_user_banned_from_posting": 403,
    "reached_active_user_cap": 403,
    "unaudited_client_can_only_post_to_private_accounts": 403,
    "url_ownership_unverified": 403,
    "privacy_level_option_mismatch": 403,
}


def envelope(data: Any, code: str = "ok", message: str = "") -> tuple[dict[str, Any], str]:
    log_id = new_log_id()
    return {"data": data, "error": {"code": code, "message": message, "log_id": log_id}}, log_id


def ok(data: Any, status: int = 200) -> Response[Any]:
    body, log_id = envelope(data)
    return Response(content=body, status_code=status, headers={"x-tt-logid": log_id})


def api_reply(code: str, message: str, status: int | None = None) -> Reply:
    body, log_id = envelope({}, code, message)
    return Reply(
        status=status or STATUS_OF.get(code, 400), body=body, headers={"x-tt-logid": log_id}
    )


def api_error(code: str, message: str, status: int | None = None) -> ProviderError:
    """An API v2 failure: envelope with empty data and a non-`ok` code."""
    return ProviderError(api_reply(code, message, status))


def oauth_reply(error: str, description: str, status: int = 400) -> Reply:
    log_id = new_log_id()
    body = {"error": error, "error_description": description, "log_id": log_id}
    return Reply(status=status, body=body, headers={"x-tt-logid": log_id})


def oauth_error(error: str, description: str, status: int = 400) -> ProviderError:
    """An OAuth endpoint failure: `{error, error_description, log_id}`."""
    return ProviderError(oauth_reply(error, description, status))


class TikTokStyle:
    """How TikTok words injected 5xx and 429 answers (no rate-limit headers are documented)."""

    def fault_error(self, endpoint: str, status: int) -> Reply:
        if endpoint in OAUTH_ENDPOINTS:
            return oauth_reply("server_error", "Simulated server error.", status)
        return api_reply("internal_error", "Simulated internal error.", status)

    def rate_limited(self, endpoint: str, verdict: Verdict, now: float) -> Reply:
        message = "Rate limit exceeded for this endpoint; try again later."
        if endpoint in OAUTH_ENDPOINTS:
            return oauth_reply("rate_limit_exceeded", message, 429)
        return api_reply("rate_limit_exceeded", message, 429)

    def limit_headers(self, verdict: Verdict, now: float) -> dict[str, str]:
        return {}
