"""Creating things whose secret the API shows once: one Idempotency-Key per rendered form.

The form carries the key, so sending it twice (a reload, a double click) replays the first
answer instead of creating a second key or invitation; the replay omits the secret.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from web.pages.common import AnyRequest, gateway_of, session_of

_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def form_key() -> str:
    """A fresh Idempotency-Key for one rendering of a create form."""
    return secrets.token_urlsafe(18)


def sent_key(value: str) -> str:
    """The form's key when it looks like ours; otherwise a new one (the create still happens)."""
    return value if _KEY.fullmatch(value) else form_key()


async def create_once(request: AnyRequest, path: str, body: dict[str, Any], key: str) -> Any:
    """POST with the form's Idempotency-Key for the signed-in person."""
    return await gateway_of(request).call(
        session_of(request), "POST", path, json=body, headers={"Idempotency-Key": key}
    )


async def current_role(request: AnyRequest) -> str:
    """The person's role in the current workspace, as the API says now (not the cookie's)."""
    me = await gateway_of(request).call(session_of(request), "GET", "/v1/me")
    return str((me.get("current_workspace") or {}).get("role", ""))


async def member_emails(request: AnyRequest) -> dict[str, str]:
    """user id -> e-mail of the workspace's members, to name actors and authors."""
    found = await gateway_of(request).call(session_of(request), "GET", "/v1/members")
    return {m["user_id"]: m["email"] for m in found.get("items", [])}


MANAGERS = frozenset({"owner", "admin"})
ROLES = ("owner", "admin", "editor", "viewer")
