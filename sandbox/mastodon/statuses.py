"""Mastodon statuses: post (Idempotency-Key honoured for an hour), view and delete."""

from __future__ import annotations

from typing import Any

from litestar import Response, delete, get, post

from sandbox.counters import AcceptedPost
from sandbox.http import Req, endpoint, json_response, read_fields, state_of
from sandbox.mastodon.compose import as_bool, attachable_media, check_text
from sandbox.mastodon.render import status_json
from sandbox.mastodon.replies import error
from sandbox.mastodon.session import Caller, require_token
from sandbox.mastodon.state import Status
from sandbox.state import SandboxState


def _replay(st: SandboxState, caller: Caller, key: str | None) -> Status | None:
    """The status an earlier request with this Idempotency-Key created, if still remembered."""
    if not key:
        return None
    remembered = st.mastodon.idempotency.get((caller.account.id, key))
    if remembered is None or remembered[1] <= st.clock.now():
        return None
    return st.mastodon.statuses.get(remembered[0])


def _create(st: SandboxState, caller: Caller, fields: dict[str, Any], key: str | None) -> Status:
    cfg = st.config.mastodon
    media = attachable_media(fields, st.mastodon, cfg, caller.account.id)
    check_text(fields, cfg, bool(media))
    status_id, now = st.mastodon.next_id(), st.clock.now()
    text = str(fields.get("status") or "")
    ledger = st.counters.accept(
        AcceptedPost(
            provider="mastodon",
            post_id=status_id,
            key=key,
            token=caller.fingerprint,
            account=caller.account.username,
            kind="status",
            accepted_at=now,
            details={"text": text, "media_ids": [m.id for m in media]},
        )
    )
    status = Status(
        id=status_id,
        account_id=caller.account.id,
        client_id=caller.token.client_id,
        text=text,
        visibility=str(fields.get("visibility") or "public"),
        sensitive=as_bool(fields.get("sensitive", False)),
        spoiler_text=str(fields.get("spoiler_text") or ""),
        language=fields.get("language") or None,
        media_ids=[m.id for m in media],
        created_at=now,
        ledger=ledger,
    )
    for item in media:
        item.status_id = status_id
    st.mastodon.statuses[status_id] = status
    if key:
        st.mastodon.idempotency[(caller.account.id, key)] = (status_id, now + cfg.idempotency_ttl_s)
    return status


@post("/api/v1/statuses", opt=endpoint("mastodon", "statuses"))
async def post_status(request: Req) -> Response[Any]:
    """A repeated Idempotency-Key returns the first status and posts nothing new."""
    caller = require_token(request, "write:statuses")
    st, key = state_of(request), request.headers.get("idempotency-key")
    fields = await read_fields(request)
    # No await between the replay check and the create: concurrent twins cannot both post.
    status = _replay(st, caller, key) or _create(st, caller, fields, key)
    return json_response(status_json(status, st.mastodon, str(request.base_url).rstrip("/")))


def _visible(st: SandboxState, status_id: str) -> Status:
    status = st.mastodon.statuses.get(status_id)
    if status is None or status.deleted:
        raise error(404, "Record not found")
    return status


@get("/api/v1/statuses/{status_id:str}", opt=endpoint("mastodon", "status_get"))
async def get_status(request: Req) -> Response[Any]:
    st = state_of(request)
    status = _visible(st, request.path_params["status_id"])
    return json_response(status_json(status, st.mastodon, str(request.base_url).rstrip("/")))


@delete(
    "/api/v1/statuses/{status_id:str}", opt=endpoint("mastodon", "status_delete"), status_code=200
)
async def delete_status(request: Req) -> Response[Any]:
    """Delete one of the caller's statuses; answers it with its source `text`."""
    caller = require_token(request, "write:statuses")
    st = state_of(request)
    status = _visible(st, request.path_params["status_id"])
    if status.account_id != caller.account.id:
        raise error(404, "Record not found")
    status.deleted, status.ledger.status = True, "deleted"
    body = status_json(status, st.mastodon, str(request.base_url).rstrip("/"))
    return json_response({**body, "text": status.text})
