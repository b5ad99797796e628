"""The Mastodon router: one instance under `/mastodon`."""

from __future__ import annotations

from litestar import Router

from sandbox.mastodon.apps import create_app
from sandbox.mastodon.instance import instance, verify_credentials
from sandbox.mastodon.media import get_media, upload_media
from sandbox.mastodon.oauth import authorize, revoke, token
from sandbox.mastodon.statuses import delete_status, get_status, post_status

ENDPOINTS = (
    "apps",
    "authorize",
    "token",
    "revoke",
    "instance",
    "verify_credentials",
    "media_upload",
    "media_get",
    "statuses",
    "status_get",
    "status_delete",
)


def mastodon_router() -> Router:
    return Router(
        path="/mastodon",
        route_handlers=[
            create_app,
            authorize,
            token,
            revoke,
            instance,
            verify_credentials,
            upload_media,
            get_media,
            post_status,
            get_status,
            delete_status,
        ],
    )
