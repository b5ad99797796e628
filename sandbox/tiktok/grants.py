"""TikTok OAuth bookkeeping: codes, token issue, rotation on refresh, revocation."""

from __future__ import annotations

import secrets
from typing import Any

from litestar.datastructures import FormMultiDict

from sandbox.state import SandboxState
from sandbox.tiktok.replies import oauth_error
from sandbox.tiktok.state import AuthCode, Grant, IssuedToken, TikTokClient
from sandbox.tokens import new_token, pkce_matches


def new_code() -> str:
    # Real codes carry characters that must be URL-decoded ("*", "!"); so do ours.
    return f"{secrets.token_urlsafe(24)}*3!{secrets.randbelow(10_000):04d}"


def authenticate_client(st: SandboxState, form: FormMultiDict) -> TikTokClient:
    client = st.tiktok.clients.get(form.get("client_key") or "")
    secret = form.get("client_secret") or ""
    if client is None or not secrets.compare_digest(client.client_secret, secret):
        raise oauth_error("invalid_client", "Client key or secret is invalid.", 401)
    return client


def _redeem(st: SandboxState, client: TikTokClient, form: FormMultiDict) -> AuthCode:
    code = st.tiktok.codes.get(form.get("code") or "")
    if code is None or code.client_key != client.client_key:
        raise oauth_error("invalid_grant", "Authorization code is invalid.")
    if code.used:
        raise oauth_error("invalid_grant", "Authorization code has already been used.")
    if code.expires_at <= st.clock.now():
        raise oauth_error("invalid_grant", "Authorization code is expired.")
    code.used = True
    if form.get("redirect_uri") != code.redirect_uri:
        raise oauth_error("invalid_grant", "redirect_uri does not match the authorize request.")
    if not pkce_matches(code.challenge, code.method, form.get("code_verifier")):
        raise oauth_error("invalid_grant", "Code verifier does not match the code challenge.")
    return code


def exchange_code(st: SandboxState, client: TikTokClient, form: FormMultiDict) -> dict[str, Any]:
    """grant_type=authorization_code: a single-use code becomes a new grant."""
    code = _redeem(st, client, form)
    grant = Grant(
        grant_id=new_token("g_", 9),
        client_key=client.client_key,
        open_id=code.open_id,
        scopes=code.scopes,
    )
    st.tiktok.grants[grant.grant_id] = grant
    return _issue(st, grant, None)


def refresh_grant(st: SandboxState, client: TikTokClient, form: FormMultiDict) -> dict[str, Any]:
    """grant_type=refresh_token: new access token; the refresh token rotates when configured."""
    token = form.get("refresh_token") or ""
    issued = st.tiktok.refresh.get(token)
    grant = st.tiktok.grants.get(issued.grant_id) if issued else None
    if issued is None or grant is None or grant.client_key != client.client_key:
        raise oauth_error("invalid_grant", "Refresh token is invalid.")
    if issued.rotated or grant.revoked:
        raise oauth_error("invalid_grant", "Refresh token is no longer valid.")
    if issued.expires_at <= st.clock.now():
        raise oauth_error("invalid_grant", "Refresh token is expired.")
    if not st.config.tiktok.rotate_refresh_tokens:
        return _issue(st, grant, token)
    issued.rotated = True
    return _issue(st, grant, None)


def _issue(st: SandboxState, grant: Grant, keep_refresh: str | None) -> dict[str, Any]:
    cfg, now = st.config.tiktok, st.clock.now()
    access = new_token("act.", 30)
    st.tiktok.access[access] = IssuedToken(
        grant_id=grant.grant_id, expires_at=now + cfg.access_expires_in
    )
    refresh = keep_refresh or new_token("rft.", 30)
    if keep_refresh is None:
        st.tiktok.refresh[refresh] = IssuedToken(
            grant_id=grant.grant_id, expires_at=now + cfg.refresh_expires_in
        )
    refresh_left = int(st.tiktok.refresh[refresh].expires_at - now)
    return {
        "open_id": grant.open_id,
        "scope": ",".join(grant.scopes),
        "access_token": access,
        "expires_in": cfg.access_expires_in,
        "refresh_token": refresh,
        "refresh_expires_in": refresh_left,
        "token_type": "Bearer",
    }


def revoke_token(st: SandboxState, client: TikTokClient, token: str) -> None:
    """Revoking an access or refresh token revokes the whole grant it came from."""
    issued = st.tiktok.access.get(token) or st.tiktok.refresh.get(token)
    grant = st.tiktok.grants.get(issued.grant_id) if issued else None
    if grant is not None and grant.client_key == client.client_key:
        grant.revoked = True
