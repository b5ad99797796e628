"""Bearer-token and scope checks for Mastodon API endpoints."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.http import Req, bearer_of, state_of
from sandbox.mastodon.replies import error
from sandbox.mastodon.state import MastodonAccount, MastodonToken
from sandbox.tokens import fingerprint


@dataclass(frozen=True)
class Caller:
    token: MastodonToken
    account: MastodonAccount
    fingerprint: str


def has_scope(granted: list[str], needed: str) -> bool:
    """`write` covers `write:statuses`; granular scopes cover only themselves."""
    return needed in granted or needed.split(":")[0] in granted


def require_token(request: Req, *any_of_scopes: str) -> Caller:
    st, raw = state_of(request), bearer_of(request) or ""
    token = st.mastodon.tokens.get(raw)
    if token is None:
        raise error(401, "The access token is invalid")
    if token.revoked:
        raise error(401, "The access token was revoked")
    if any_of_scopes and not any(has_scope(token.scopes, s) for s in any_of_scopes):
        raise error(403, "This action is outside the authorized scopes")
    return Caller(token, st.mastodon.accounts[token.account_id], fingerprint(raw))
