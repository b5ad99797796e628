"""Mastodon OAuth (Doorkeeper): auto-approving authorize with PKCE, token, revoke."""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from typing import Any

from litestar import Response, get, post
from litestar.datastructures import MultiDict

from sandbox.http import Req, endpoint, json_response, read_fields, redirect, state_of
from sandbox.mastodon.apps import OOB
from sandbox.mastodon.replies import error
from sandbox.mastodon.state import MastodonApp, MastodonCode, MastodonToken
from sandbox.state import SandboxState
from sandbox.tokens import new_token, pkce_matches

CODE_TTL_S = 600
BAD_GRANT = (
    "The provided authorization grant is invalid, expired, revoked, does not match the "
    "redirection URI used in the authorization request, or was issued to another client."
)


def _authorize_problem(app: MastodonApp, query: MultiDict[str]) -> tuple[list[str], str | None]:
    if query.get("response_type") != "code":
        return [], "unsupported_response_type"
    scopes = (query.get("scope") or "read").split()
    if not set(scopes) <= set(app.scopes):
        return [], "invalid_scope"
    if query.get("code_challenge") and query.get("code_challenge_method") != "S256":
        return [], "invalid_request"
    return scopes, None


def _issue_code(
    st: SandboxState,
    app: MastodonApp,
    query: MultiDict[str],
    scopes: list[str],
    account: str | None,
) -> str:
    code = new_token("", 32)
    st.mastodon.codes[code] = MastodonCode(
        client_id=app.client_id,
        redirect_uri=query.get("redirect_uri") or "",
        account_id=st.mastodon.account_for(account).id,
        scopes=scopes,
        challenge=query.get("code_challenge"),
        method=query.get("code_challenge_method"),
        expires_at=st.clock.now() + CODE_TTL_S,
    )
    return code


@get("/oauth/authorize", opt=endpoint("mastodon", "authorize"))
async def authorize(request: Req) -> Response[Any]:
    """Approve at once (or as scripted) and redirect with code and state."""
    st, query = state_of(request), request.query_params
    app = st.mastodon.apps.get(query.get("client_id") or "")
    if app is None:
        raise error(401, "invalid_client", "Client authentication failed due to unknown client.")
    redirect_uri = query.get("redirect_uri") or ""
    if redirect_uri not in app.redirect_uris:
        raise error(400, "invalid_redirect_uri", "The redirect uri included is not valid.")
    state = {"state": query["state"]} if "state" in query else {}
    scopes, problem = _authorize_problem(app, query)
    consent = st.consents.next("mastodon")
    if problem is None and consent is not None and consent.deny:
        problem = "access_denied"
    if problem is not None:
        return redirect(redirect_uri, {"error": problem, "error_description": problem, **state})
    if consent is not None and consent.scopes is not None:
        scopes = [s for s in scopes if s in consent.scopes]
    code = _issue_code(st, app, query, scopes, consent.account if consent else None)
    if redirect_uri == OOB:
        return Response(content=f"<code>{code}</code>", media_type="text/html")
    return redirect(redirect_uri, {"code": code, **state})


def _client(st: SandboxState, request: Req, fields: dict[str, Any]) -> MastodonApp:
    client_id, secret = fields.get("client_id"), fields.get("client_secret")
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            client_id, _, secret = base64.b64decode(value).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            client_id = None
    app = st.mastodon.apps.get(str(client_id or ""))
    if app is None or not secrets.compare_digest(app.client_secret, str(secret or "")):
        raise error(401, "invalid_client", "Client authentication failed due to unknown client.")
    return app


@post("/oauth/token", opt=endpoint("mastodon", "token"))
async def token(request: Req) -> Response[Any]:
    """authorization_code only: tokens never expire and there is no refresh."""
    st, fields = state_of(request), await read_fields(request)
    app = _client(st, request, fields)
    if fields.get("grant_type") != "authorization_code":
        raise error(400, "unsupported_grant_type", "The authorization grant type is not supported.")
    code = st.mastodon.codes.get(str(fields.get("code") or ""))
    if (
        code is None
        or code.used
        or code.client_id != app.client_id
        or code.expires_at <= st.clock.now()
        or code.redirect_uri != fields.get("redirect_uri")
    ):
        raise error(400, "invalid_grant", BAD_GRANT)
    code.used = True
    if not pkce_matches(code.challenge, code.method, fields.get("code_verifier")):
        raise error(400, "invalid_grant", BAD_GRANT)
    access, created = new_token("", 32), int(time.time())
    st.mastodon.tokens[access] = MastodonToken(
        client_id=app.client_id,
        account_id=code.account_id,
        scopes=code.scopes,
        created_at=created,
    )
    scope = " ".join(code.scopes)
    return json_response(
        {"access_token": access, "token_type": "Bearer", "scope": scope, "created_at": created}
    )


@post("/oauth/revoke", opt=endpoint("mastodon", "revoke"))
async def revoke(request: Req) -> Response[Any]:
    """Revoke a token of this client; unknown tokens succeed too (RFC 7009)."""
    st, fields = state_of(request), await read_fields(request)
    app = _client(st, request, fields)
    found = st.mastodon.tokens.get(str(fields.get("token") or ""))
    if found is not None and found.client_id != app.client_id:
        raise error(403, "unauthorized_client", "You are not authorized to revoke this token")
    if found is not None:
        found.revoked = True
    return json_response({})
