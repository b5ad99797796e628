"""Bluesky session tokens: issue an access/refresh pair, verify, rotate."""

from __future__ import annotations

from typing import Any

from sandbox.bluesky import jwt
from sandbox.bluesky.replies import invalid_request, xrpc_error
from sandbox.bluesky.state import BlueskyAccount, RefreshRecord
from sandbox.http import Req, bearer_of, state_of
from sandbox.state import SandboxState
from sandbox.tokens import new_token

SERVER_DID = "did:web:localhost"
ACCESS_TYP, REFRESH_TYP = "at+jwt", "refresh+jwt"


def issue_pair(st: SandboxState, account: BlueskyAccount, app_password: bool) -> dict[str, Any]:
    """A new accessJwt/refreshJwt pair and the session fields createSession answers."""
    cfg, now = st.config.bluesky, int(st.clock.now())
    scope = "com.atproto.appPass" if app_password else "com.atproto.access"
    access = jwt.encode(
        {
            "scope": scope,
            "sub": account.did,
            "aud": SERVER_DID,
            "iat": now,
            "exp": now + cfg.access_ttl_s,
        },
        st.bluesky.secret,
        ACCESS_TYP,
    )
    jti = new_token("", 24)
    refresh = jwt.encode(
        {
            "scope": "com.atproto.refresh",
            "sub": account.did,
            "aud": SERVER_DID,
            "jti": jti,
            "iat": now,
            "exp": now + cfg.refresh_ttl_s,
        },
        st.bluesky.secret,
        REFRESH_TYP,
    )
    st.bluesky.refresh[jti] = RefreshRecord(
        did=account.did, app_password=app_password, expires_at=now + cfg.refresh_ttl_s
    )
    return {"accessJwt": access, "refreshJwt": refresh, **session_json(account)}


def session_json(account: BlueskyAccount) -> dict[str, Any]:
    body: dict[str, Any] = {"did": account.did, "handle": account.handle, "active": True}
    if account.email:
        body |= {"email": account.email, "emailConfirmed": True}
    return body


def _verified(request: Req, typ: str) -> dict[str, Any]:
    st, token = state_of(request), bearer_of(request)
    if token is None:
        raise xrpc_error(401, "AuthenticationRequired", "Authentication Required")
    decoded = jwt.decode(token, st.bluesky.secret)
    if decoded is None:
        raise invalid_request("Token could not be verified", "InvalidToken")
    header, payload = decoded
    if header.get("typ") != typ:
        raise invalid_request("Invalid token type", "InvalidToken")
    if int(payload.get("exp", 0)) <= st.clock.now():
        raise invalid_request("Token has expired", "ExpiredToken")
    return payload


def require_access(request: Req) -> BlueskyAccount:
    """The account of a valid, unexpired accessJwt."""
    payload = _verified(request, ACCESS_TYP)
    account = state_of(request).bluesky.accounts.get(str(payload.get("sub")))
    if account is None:
        raise invalid_request("Token could not be verified", "InvalidToken")
    if account.takendown:
        raise xrpc_error(401, "AccountTakedown", "Account has been taken down")
    return account


def take_refresh(request: Req) -> RefreshRecord:
    """Consume a refresh JWT: a used (rotated) or deleted one answers ExpiredToken."""
    payload = _verified(request, REFRESH_TYP)
    record = state_of(request).bluesky.refresh.get(str(payload.get("jti")))
    if record is None or record.used:
        raise invalid_request("Token has been revoked", "ExpiredToken")
    record.used = True
    return record
