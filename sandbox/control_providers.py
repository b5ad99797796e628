"""Provider fixtures over the control API: TikTok clients and creators, other accounts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import msgspec
from litestar import get, post

from sandbox.bluesky.state import BlueskyAccount
from sandbox.control import bad_request, parse
from sandbox.http import Req, state_of
from sandbox.mastodon.state import MastodonAccount
from sandbox.tiktok.state import LOOPBACK_HOSTS, TikTokAccount, TikTokClient


def _check_tiktok_redirects(uris: list[str]) -> None:
    """TikTok's registration rules: absolute https, no query or fragment, ≤ 10, < 512 chars."""
    if len(uris) > 10:
        raise bad_request("At most 10 redirect URIs per app.")
    for uri in uris:
        parts = urlsplit(uri)
        secure = parts.scheme == "https" or (
            parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
        )
        if not secure or not parts.netloc or parts.query or parts.fragment or len(uri) >= 512:
            raise bad_request(f"Redirect URI not acceptable to TikTok: {uri}")


@post("/tiktok/clients", status_code=201)
async def add_tiktok_client(request: Req) -> dict[str, Any]:
    """Register (or replace) a TikTok app and its redirect URIs."""
    client = await parse(request, TikTokClient)
    _check_tiktok_redirects(client.redirect_uris)
    state_of(request).tiktok.clients[client.client_key] = client
    return msgspec.to_builtins(client)  # type: ignore[no-any-return]


@post("/tiktok/accounts", status_code=201)
async def put_tiktok_account(request: Req) -> dict[str, Any]:
    """Create or replace a creator (creator_info settings); `default: true` makes it consent."""
    body = await parse(request, dict[str, Any])
    make_default = bool(body.pop("default", False))
    try:
        account = msgspec.convert(body, TikTokAccount)
    except msgspec.ValidationError as exc:
        raise bad_request(str(exc)) from exc
    tiktok = state_of(request).tiktok
    tiktok.accounts[account.open_id] = account
    if make_default:
        tiktok.default_open_id = account.open_id
    return msgspec.to_builtins(account)  # type: ignore[no-any-return]


@get("/tiktok/accounts")
async def list_tiktok_accounts(request: Req) -> dict[str, Any]:
    tiktok = state_of(request).tiktok
    return {
        "default": tiktok.default_open_id,
        "accounts": msgspec.to_builtins(list(tiktok.accounts.values())),
    }


class MastodonAccountRequest(msgspec.Struct, kw_only=True):
    username: str
    display_name: str | None = None


@post("/mastodon/accounts", status_code=201)
async def add_mastodon_account(request: Req) -> dict[str, Any]:
    """Create a Mastodon account (consent picks it by username)."""
    wanted = await parse(request, MastodonAccountRequest)
    account: MastodonAccount = state_of(request).mastodon.account_for(wanted.username)
    if wanted.display_name:
        account.display_name = wanted.display_name
    return msgspec.to_builtins(account)  # type: ignore[no-any-return]


@post("/bluesky/accounts", status_code=201)
async def add_bluesky_account(request: Req) -> dict[str, Any]:
    """Create or replace a Bluesky account (handle must end in `.test`)."""
    account = await parse(request, BlueskyAccount)
    if not account.handle.lower().endswith(".test"):
        raise bad_request("Handles on the sandbox PDS end in .test.")
    if account.did and not account.did.startswith("did:plc:"):
        raise bad_request("did must be a did:plc identifier.")
    added = state_of(request).bluesky.add_account(account)
    return msgspec.to_builtins(added)  # type: ignore[no-any-return]


PROVIDER_CONTROLS = [
    add_tiktok_client,
    put_tiktok_account,
    list_tiktok_accounts,
    add_mastodon_account,
    add_bluesky_account,
]
