"""Bearer-token checks for TikTok API v2 endpoints."""

from __future__ import annotations

from typing import Any

from sandbox.http import Req, bearer_of, read_json, state_of
from sandbox.state import SandboxState
from sandbox.tiktok.replies import api_error
from sandbox.tiktok.state import Grant, TikTokAccount, TikTokClient
from sandbox.tokens import fingerprint


class Caller:
    """The verified token's grant, account and client, plus the token's fingerprint."""

    def __init__(self, st: SandboxState, grant: Grant, token: str) -> None:
        self.grant = grant
        self.account: TikTokAccount = st.tiktok.accounts[grant.open_id]
        self.client: TikTokClient = st.tiktok.clients[grant.client_key]
        self.token = fingerprint(token)


def require_token(request: Req, *any_of_scopes: str) -> Caller:
    """A live access token holding at least one of the scopes, else the documented 401s."""
    st, token = state_of(request), bearer_of(request) or ""
    issued = st.tiktok.access.get(token)
    grant = st.tiktok.grants.get(issued.grant_id) if issued else None
    if issued is None or grant is None or grant.revoked or issued.expires_at <= st.clock.now():
        raise api_error(
            "access_token_invalid",
            "The access token is invalid or not found in the request.",
        )
    caller = Caller(st, grant, token)
    if any_of_scopes:
        require_scope(caller, *any_of_scopes)
    return caller


def require_scope(caller: Caller, *any_of_scopes: str) -> None:
    if not set(any_of_scopes) & set(caller.grant.scopes):
        raise api_error(
            "scope_not_authorized",
            f"The user did not authorize the scope required for this endpoint: {any_of_scopes[0]}.",
        )


async def json_body(request: Req, code: str = "invalid_params") -> dict[str, Any]:
    body = await read_json(request)
    if body is None:
        raise api_error(code, "The request body must be a JSON object.")
    return body
