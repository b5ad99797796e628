"""Mastodon entities as JSON: Account, MediaAttachment, Status."""

from __future__ import annotations

import html
from typing import Any

from sandbox.mastodon.replies import iso_time
from sandbox.mastodon.state import MastodonAccount, MastodonState, Media, Status


def account_json(account: MastodonAccount, base: str) -> dict[str, Any]:
    profile = f"{base}/mastodon/@{account.username}"
    avatar = f"{base}/mastodon/avatars/{account.id}.png"
    return {
        "id": account.id,
        "username": account.username,
        "acct": account.username,
        "display_name": account.display_name,
        "locked": False,
        "bot": False,
        "discoverable": True,
        "group": False,
        "created_at": account.created_at,
        "note": "",
        "url": profile,
        "uri": f"{base}/mastodon/users/{account.username}",
        "avatar": avatar,
        "avatar_static": avatar,
        "header": "",
        "header_static": "",
        "followers_count": 0,
        "following_count": 0,
        "statuses_count": 0,
        "last_status_at": None,
        "emojis": [],
        "fields": [],
    }


def media_json(media: Media, base: str) -> dict[str, Any]:
    url = f"{base}/mastodon/system/media/{media.id}/original" if media.ready else None
    return {
        "id": media.id,
        "type": media.type,
        "url": url,
        "preview_url": f"{base}/mastodon/system/media/{media.id}/small",
        "remote_url": None,
        "preview_remote_url": None,
        "text_url": None,
        "meta": {"focus": _focus(media.focus)} if media.focus else {},
        "description": media.description,
        "blurhash": None,
    }


def _focus(value: str) -> dict[str, float]:
    x, _, y = value.partition(",")
    try:
        return {"x": float(x), "y": float(y or 0)}
    except ValueError:
        return {"x": 0.0, "y": 0.0}


def status_json(status: Status, st: MastodonState, base: str) -> dict[str, Any]:
    account = st.accounts[status.account_id]
    app = st.apps.get(status.client_id)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in status.text.split("\n\n") if p)
    return {
        "id": status.id,
        "created_at": iso_time(status.created_at),
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": status.sensitive,
        "spoiler_text": status.spoiler_text,
        "visibility": status.visibility,
        "language": status.language,
        "uri": f"{base}/mastodon/users/{account.username}/statuses/{status.id}",
        "url": f"{base}/mastodon/@{account.username}/{status.id}",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
        "edited_at": None,
        "content": paragraphs,
        "reblog": None,
        "application": {"name": app.name, "website": app.website} if app else None,
        "account": account_json(account, base),
        "media_attachments": [media_json(st.media[m], base) for m in status.media_ids],
        "mentions": [],
        "tags": [],
        "emojis": [],
        "card": None,
        "poll": None,
    }
