"""Bluesky `com.atproto.server.*`: sessions (createSession rate limited) and describeServer."""

from __future__ import annotations

import secrets
from typing import Any

from litestar import Response, get, post

from sandbox.bluesky.replies import BlueskyStyle, invalid_request, xrpc_error
from sandbox.bluesky.session import (
    SERVER_DID,
    issue_pair,
    require_access,
    session_json,
    take_refresh,
)
from sandbox.bluesky.state import BlueskyAccount
from sandbox.http import Req, endpoint, json_response, read_json, state_of
from sandbox.replies import ProviderError
from sandbox.state import SandboxState

X = "/xrpc/com.atproto.server."


def _limit(st: SandboxState, identifier: str) -> dict[str, str]:
    """createSession is limited per account (30 / 5 min, 300 / day by default)."""
    rules = st.config.limits_for("bluesky").get("createSession", [])
    now = st.clock.now()
    verdict = st.limiter.hit(("bluesky", "createSession", identifier), rules, now)
    if verdict is None:
        return {}
    if not verdict.allowed:
        raise ProviderError(BlueskyStyle().rate_limited("createSession", verdict, now))
    return BlueskyStyle().limit_headers(verdict, now)


def _login(account: BlueskyAccount | None, password: str) -> bool | None:
    """None when the password is wrong; else whether it was an app password."""
    if account is None:
        return None
    if secrets.compare_digest(account.password, password):
        return False
    if any(secrets.compare_digest(p, password) for p in account.app_passwords):
        return True
    return None


@post(X + "createSession", opt=endpoint("bluesky", "createSession", limit_in_handler=True))
async def create_session(request: Req) -> Response[Any]:
    st, body = state_of(request), await read_json(request) or {}
    identifier, password = body.get("identifier"), body.get("password")
    if not isinstance(identifier, str) or not isinstance(password, str):
        raise invalid_request('Input must have the properties "identifier" and "password"')
    headers = _limit(st, identifier.strip().lower())
    account = st.bluesky.find(identifier)
    app_password = _login(account, password)
    if account is None or app_password is None:
        raise xrpc_error(401, "AuthenticationRequired", "Invalid identifier or password")
    if account.takendown:
        raise xrpc_error(401, "AccountTakedown", "Account has been taken down")
    return json_response(issue_pair(st, account, app_password), headers=headers)


@post(X + "refreshSession", opt=endpoint("bluesky", "refreshSession"))
async def refresh_session(request: Req) -> Response[Any]:
    """The refresh JWT rotates: using it twice answers 400 ExpiredToken."""
    st, record = state_of(request), take_refresh(request)
    account = st.bluesky.accounts[record.did]
    if account.takendown:
        raise xrpc_error(400, "AccountTakedown", "Account has been taken down")
    return json_response(issue_pair(st, account, record.app_password))


@post(X + "deleteSession", opt=endpoint("bluesky", "deleteSession"), status_code=200)
async def delete_session(request: Req) -> Response[Any]:
    take_refresh(request)
    return Response(content=b"", status_code=200)


@get(X + "getSession", opt=endpoint("bluesky", "getSession"))
async def get_session(request: Req) -> Response[Any]:
    return json_response(session_json(require_access(request)))


@get(X + "describeServer", opt=endpoint("bluesky", "describeServer"))
async def describe_server(request: Req) -> Response[Any]:
    return json_response(
        {
            "did": SERVER_DID,
            "availableUserDomains": [".test"],
            "inviteCodeRequired": False,
            "phoneVerificationRequired": False,
            "links": {},
            "contact": {},
        }
    )
