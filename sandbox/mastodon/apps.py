"""Mastodon app registration: `POST /api/v1/apps`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Response, post

from sandbox.http import Req, endpoint, json_response, read_fields, state_of
from sandbox.mastodon.replies import unprocessable
from sandbox.mastodon.state import MastodonApp
from sandbox.tokens import new_token

OOB = "urn:ietf:wg:oauth:2.0:oob"
SCOPE_ROOTS = frozenset({"read", "write", "follow", "push", "profile", "admin", "crypto"})


def _as_list(value: Any, sep: str | None = None) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return str(value or "").split(sep)


def _redirect_uris(value: Any) -> list[str]:
    uris = _as_list(value, None)
    for uri in uris:
        parts = urlsplit(uri)
        if uri != OOB and (not parts.scheme or not (parts.netloc or parts.path) or parts.fragment):
            raise unprocessable("Validation failed: Redirect URI must be an absolute URI.")
    if not uris:
        raise unprocessable("Validation failed: Redirect URI can't be blank")
    return uris


def app_json(app: MastodonApp, *, secret: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": app.id,
        "name": app.name,
        "website": app.website,
        "scopes": app.scopes,
        "redirect_uri": "\n".join(app.redirect_uris),
        "redirect_uris": app.redirect_uris,
        "vapid_key": "BSandboxVapidKeyNotForPush=",
    }
    if secret:
        body |= {
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "client_secret_expires_at": 0,
        }
    return body


@post("/api/v1/apps", opt=endpoint("mastodon", "apps"))
async def create_app(request: Req) -> Response[Any]:
    """Register an application; answers client_id and client_secret."""
    st, fields = state_of(request), await read_fields(request)
    name = str(fields.get("client_name") or "").strip()
    if not name:
        raise unprocessable("Validation failed: Application name can't be blank")
    uris = _redirect_uris(fields.get("redirect_uris"))
    scopes = _as_list(fields.get("scopes") or "read")
    if any(s.split(":")[0] not in SCOPE_ROOTS for s in scopes):
        raise unprocessable("Validation failed: Scopes are invalid")
    app = MastodonApp(
        id=st.mastodon.next_id(),
        name=name,
        website=fields.get("website") or None,
        redirect_uris=uris,
        scopes=scopes,
        client_id=new_token("", 32),
        client_secret=new_token("", 32),
    )
    st.mastodon.apps[app.client_id] = app
    return json_response(app_json(app, secret=True))
