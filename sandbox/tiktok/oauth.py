"""TikTok Login Kit: the auto-approving authorize page, token exchange/refresh and revoke."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.datastructures import MultiDict

from sandbox.http import Req, endpoint, json_response, read_form, redirect, state_of
from sandbox.state import SandboxState
from sandbox.tiktok.grants import (
    authenticate_client,
    exchange_code,
    new_code,
    refresh_grant,
    revoke_token,
)
from sandbox.tiktok.replies import oauth_error
from sandbox.tiktok.state import SCOPES, AuthCode, TikTokClient

FORM = "application/x-www-form-urlencoded"


def _client_and_redirect(st: SandboxState, query: MultiDict[str]) -> tuple[TikTokClient, str]:
    # Without a trusted redirect URI there is nowhere to send an error: answer on the page.
    client = st.tiktok.clients.get(query.get("client_key") or "")
    if client is None:
        raise oauth_error("invalid_client", "Unknown client_key.")
    redirect_uri = query.get("redirect_uri") or ""
    if not client.accepts(redirect_uri):
        raise oauth_error("invalid_request", "redirect_uri is not registered for this client.")
    return client, redirect_uri


def _requested_scopes(query: MultiDict[str]) -> tuple[list[str], str | None]:
    if query.get("response_type") != "code":
        return [], "unsupported_response_type"
    scopes = [s.strip() for s in (query.get("scope") or "").split(",") if s.strip()]
    if not scopes or not set(scopes) <= SCOPES:
        return [], "invalid_scope"
    return scopes, None


@get("/v2/auth/authorize/", opt=endpoint("tiktok", "authorize"))
async def authorize(request: Req) -> Response[Any]:
    """Consent is given at once (or as scripted through the control API)."""
    st, query = state_of(request), request.query_params
    client, redirect_uri = _client_and_redirect(st, query)
    state = {"state": query["state"]} if "state" in query else {}
    scopes, problem = _requested_scopes(query)
    consent = st.consents.next("tiktok")
    if problem is None and consent is not None and consent.deny:
        problem = "access_denied"
    if problem is not None:
        return redirect(redirect_uri, {"error": problem, "error_description": problem, **state})
    if consent is not None and consent.scopes is not None:
        scopes = [s for s in scopes if s in consent.scopes]
    account = st.tiktok.account_for(consent.account if consent else None)
    code = new_code()
    st.tiktok.codes[code] = AuthCode(
        client_key=client.client_key,
        redirect_uri=redirect_uri,
        open_id=account.open_id,
        scopes=scopes,
        challenge=query.get("code_challenge"),
        method=query.get("code_challenge_method"),
        expires_at=st.clock.now() + st.config.tiktok.code_ttl_s,
    )
    return redirect(redirect_uri, {"code": code, "scopes": ",".join(scopes), **state})


@post("/v2/oauth/token/", opt=endpoint("tiktok", "token"))
async def token(request: Req) -> Response[Any]:
    """Form-encoded code exchange or refresh, answered with the token JSON or an OAuth error."""
    if not request.headers.get("content-type", "").startswith(FORM):
        raise oauth_error("invalid_request", f"Content-Type must be {FORM}.")
    st, form = state_of(request), await read_form(request)
    client = authenticate_client(st, form)
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        return json_response(exchange_code(st, client, form))
    if grant_type == "refresh_token":
        return json_response(refresh_grant(st, client, form))
    raise oauth_error("unsupported_grant_type", "grant_type is not supported.")


@post("/v2/oauth/revoke/", opt=endpoint("tiktok", "revoke"))
async def revoke(request: Req) -> Response[Any]:
    """Revoke an access token (and its grant); success is an empty JSON object."""
    st, form = state_of(request), await read_form(request)
    client = authenticate_client(st, form)
    revoke_token(st, client, form.get("token") or "")
    return json_response({})
