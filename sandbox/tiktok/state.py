"""TikTok stand-in data: registered clients, creator accounts, codes, grants and publishes."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import msgspec

from sandbox.counters import AcceptedPost

SCOPES = frozenset(
    {
        "user.info.basic",
        "user.info.profile",
        "user.info.stats",
        "video.list",
        "video.upload",
        "video.publish",
    }
)
PUBLIC_OPTIONS = ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
PRIVATE_OPTIONS = ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEV_CLIENT_KEY = "sandbox-tiktok-client"
DEV_CLIENT_SECRET = "sandbox-tiktok-secret"  # noqa: S105 - a published sandbox credential
DEFAULT_OPEN_ID = "-000SandboxCreator0001"


class TikTokClient(msgspec.Struct, kw_only=True):
    """A registered app: its credentials, redirect URIs and audit status."""

    client_key: str
    client_secret: str
    redirect_uris: list[str] = msgspec.field(default_factory=list)
    allow_loopback: bool = False
    audited: bool = True

    def accepts(self, redirect_uri: str) -> bool:
        if redirect_uri in self.redirect_uris:
            return True
        parts = urlsplit(redirect_uri)
        return (
            self.allow_loopback
            and parts.scheme in ("http", "https")
            and parts.hostname in LOOPBACK_HOSTS
            and not parts.query
            and not parts.fragment
        )


class TikTokAccount(msgspec.Struct, kw_only=True):
    """A creator account and the creator_info the Content Posting API reports for it."""

    open_id: str
    username: str
    display_name: str = "Sandbox Creator"
    union_id: str = ""
    avatar_url: str = "https://sandbox.invalid/tiktok/avatar.jpg"
    bio_description: str = ""
    is_verified: bool = False
    private_account: bool = False
    privacy_level_options: list[str] | None = None
    comment_disabled: bool = False
    duet_disabled: bool = False
    stitch_disabled: bool = False
    max_video_post_duration_sec: int = 600
    banned: bool = False
    follower_count: int = 0

    def privacy_options(self) -> list[str]:
        if self.privacy_level_options is not None:
            return list(self.privacy_level_options)
        return list(PRIVATE_OPTIONS if self.private_account else PUBLIC_OPTIONS)


class AuthCode(msgspec.Struct, kw_only=True):
    """A single-use authorization code bound to client, redirect URI and PKCE challenge."""

    client_key: str
    redirect_uri: str
    open_id: str
    scopes: list[str]
    challenge: str | None
    method: str | None
    expires_at: float
    used: bool = False


class Grant(msgspec.Struct, kw_only=True):
    """What one consent granted; revoking it kills every token issued from it."""

    grant_id: str
    client_key: str
    open_id: str
    scopes: list[str]
    revoked: bool = False


class IssuedToken(msgspec.Struct, kw_only=True):
    """An access or refresh token and its expiry; a rotated refresh token is dead."""

    grant_id: str
    expires_at: float
    rotated: bool = False


@dataclass
class Publish:
    """One Content Posting request (a publish_id) and its upload and processing progress."""

    publish_id: str
    open_id: str
    mode: str
    source: str
    ledger: AcceptedPost
    private: bool
    video_size: int = 0
    chunk_size: int = 0
    total_chunk_count: int = 0
    upload_id: str | None = None
    upload_token: str | None = None
    upload_expires_at: float = 0.0
    received_bytes: int = 0
    chunks_done: int = 0
    last_range: tuple[int, int] | None = None
    digest: Any = field(default_factory=hashlib.sha256)
    polls_until_final: int = 0
    polls_seen: int = 0
    moderation_polls: int = 0
    complete_polls: int = 0
    fail_reason: str | None = None
    post_id: int = 0

    @property
    def upload_complete(self) -> bool:
        return self.source != "FILE_UPLOAD" or self.received_bytes == self.video_size


class TikTokState:
    """Everything the TikTok stand-in remembers between calls."""

    def __init__(self) -> None:
        dev = TikTokClient(
            client_key=DEV_CLIENT_KEY, client_secret=DEV_CLIENT_SECRET, allow_loopback=True
        )
        self.clients: dict[str, TikTokClient] = {dev.client_key: dev}
        creator = TikTokAccount(open_id=DEFAULT_OPEN_ID, username="sandbox_creator")
        self.accounts: dict[str, TikTokAccount] = {creator.open_id: creator}
        self.default_open_id = creator.open_id
        self.codes: dict[str, AuthCode] = {}
        self.grants: dict[str, Grant] = {}
        self.access: dict[str, IssuedToken] = {}
        self.refresh: dict[str, IssuedToken] = {}
        self.publishes: dict[str, Publish] = {}
        self.uploads: dict[str, str] = {}
        self.serial = itertools.count(1)

    def account_for(self, wanted: str | None) -> TikTokAccount:
        """The consenting account: by open_id or username, created on first mention."""
        if wanted is None:
            return self.accounts[self.default_open_id]
        for account in self.accounts.values():
            if wanted in (account.open_id, account.username):
                return account
        account = TikTokAccount(open_id=f"-000{wanted}", username=wanted, display_name=wanted)
        self.accounts[account.open_id] = account
        return account
