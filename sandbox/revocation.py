"""A user withdrawing consent at a provider: every grant issued so far stops working."""

from __future__ import annotations

from sandbox.state import SandboxState

REVOCABLE = ("tiktok", "mastodon", "bluesky")


def revoke_everything(state: SandboxState, provider: str) -> int:
    """Revoke every grant of `provider`; returns how many were live.

    TikTok grants and Mastodon tokens are marked revoked (their tokens answer 401 at once);
    Bluesky refresh sessions are forgotten (refresh answers `ExpiredToken`), while access JWTs
    stay valid until they expire, as on a real PDS.
    """
    if provider == "tiktok":
        live = [g for g in state.tiktok.grants.values() if not g.revoked]
        for grant in live:
            grant.revoked = True
        return len(live)
    if provider == "mastodon":
        tokens = [t for t in state.mastodon.tokens.values() if not t.revoked]
        for token in tokens:
            token.revoked = True
        return len(tokens)
    sessions = [r for r in state.bluesky.refresh.values() if not r.used]
    state.bluesky.refresh.clear()
    return len(sessions)
