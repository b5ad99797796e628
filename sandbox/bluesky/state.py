"""Bluesky stand-in data: accounts, refresh-token families, blobs and records."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import msgspec

from sandbox.bluesky.ids import did_for, tid_from_int
from sandbox.clock import Clock
from sandbox.counters import AcceptedPost

DEFAULT_HANDLE = "sandbox.test"
DEFAULT_PASSWORD = "sandbox-password"  # noqa: S105 - a published sandbox credential
DEFAULT_APP_PASSWORD = "abcd-efgh-ijkl-mnop"  # noqa: S105 - a published sandbox credential


class BlueskyAccount(msgspec.Struct, kw_only=True):
    """An account on the stand-in PDS; app passwords log in with a narrower scope."""

    handle: str
    did: str = ""
    password: str = DEFAULT_PASSWORD
    app_passwords: list[str] = msgspec.field(default_factory=list)
    email: str | None = None
    takendown: bool = False


class RefreshRecord(msgspec.Struct, kw_only=True):
    did: str
    app_password: bool
    expires_at: float
    used: bool = False


@dataclass
class Blob:
    did: str
    mime: str
    size: int


@dataclass
class StoredRecord:
    cid: str
    value: dict[str, Any]
    ledger: AcceptedPost


@dataclass
class BlueskyState:
    """Everything the Bluesky stand-in remembers between calls."""

    clock: Clock
    accounts: dict[str, BlueskyAccount] = field(default_factory=dict)
    refresh: dict[str, RefreshRecord] = field(default_factory=dict)
    blobs: dict[str, Blob] = field(default_factory=dict)
    records: dict[tuple[str, str, str], StoredRecord] = field(default_factory=dict)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    last_tid: int = 0

    def __post_init__(self) -> None:
        self.add_account(
            BlueskyAccount(
                handle=DEFAULT_HANDLE,
                app_passwords=[DEFAULT_APP_PASSWORD],
                email="sandbox@example.test",
            )
        )

    def add_account(self, account: BlueskyAccount) -> BlueskyAccount:
        account.handle = account.handle.lower()
        account.did = account.did or did_for(account.handle)
        self.accounts[account.did] = account
        return account

    def find(self, identifier: str) -> BlueskyAccount | None:
        """By DID, handle or email (case-insensitive)."""
        wanted = identifier.strip().lower()
        for account in self.accounts.values():
            if wanted in (account.did, account.handle, (account.email or "").lower()):
                return account
        return None

    def next_tid(self) -> str:
        """A fresh TID from sandbox time: microseconds, then a 10-bit clock id."""
        value = int(self.clock.now() * 1_000_000) << 10 | 7
        self.last_tid = max(value, self.last_tid + 1)
        return tid_from_int(self.last_tid)
