"""Mastodon stand-in data: apps, accounts, codes, tokens, media, statuses, idempotency keys."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import msgspec

from sandbox.counters import AcceptedPost

DEFAULT_USERNAME = "sandbox"
ID_BASE = 113_000_000_000_000_000


class MastodonApp(msgspec.Struct, kw_only=True):
    """A registered application (POST /api/v1/apps)."""

    id: str
    name: str
    website: str | None
    redirect_uris: list[str]
    scopes: list[str]
    client_id: str
    client_secret: str


class MastodonAccount(msgspec.Struct, kw_only=True):
    id: str
    username: str
    display_name: str
    created_at: str = "2026-01-01T00:00:00.000Z"


class MastodonCode(msgspec.Struct, kw_only=True):
    client_id: str
    redirect_uri: str
    account_id: str
    scopes: list[str]
    challenge: str | None
    method: str | None
    expires_at: float
    used: bool = False


class MastodonToken(msgspec.Struct, kw_only=True):
    """An access token: never expires, no refresh; revocable."""

    client_id: str
    account_id: str
    scopes: list[str]
    created_at: int
    revoked: bool = False


@dataclass
class Media:
    """An uploaded attachment; while not ready, `polls_left` GETs answer 206, then it is."""

    id: str
    account_id: str
    type: str
    mime: str
    size: int
    description: str | None
    focus: str | None
    ready: bool
    polls_left: int
    status_id: str | None = None


@dataclass
class Status:
    id: str
    account_id: str
    client_id: str
    text: str
    visibility: str
    sensitive: bool
    spoiler_text: str
    language: str | None
    media_ids: list[str]
    created_at: float
    ledger: AcceptedPost
    deleted: bool = False


@dataclass
class MastodonState:
    """Everything the Mastodon stand-in remembers between calls."""

    apps: dict[str, MastodonApp] = field(default_factory=dict)
    accounts: dict[str, MastodonAccount] = field(default_factory=dict)
    codes: dict[str, MastodonCode] = field(default_factory=dict)
    tokens: dict[str, MastodonToken] = field(default_factory=dict)
    media: dict[str, Media] = field(default_factory=dict)
    statuses: dict[str, Status] = field(default_factory=dict)
    idempotency: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict)
    serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_id(self) -> str:
        return str(ID_BASE + next(self.serial))

    def account_for(self, wanted: str | None) -> MastodonAccount:
        """The consenting account by username (created on first mention)."""
        username = wanted or DEFAULT_USERNAME
        for account in self.accounts.values():
            if account.username == username:
                return account
        account = MastodonAccount(id=self.next_id(), username=username, display_name=username)
        self.accounts[account.id] = account
        return account
