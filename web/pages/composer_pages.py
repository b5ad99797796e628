"""The composer: text with live per-provider counters, media, targets and their settings, when."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any
from zoneinfo import available_timezones

from litestar import Controller, get, post
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import (
    AnyRequest,
    api,
    back_to,
    field_errors,
    gateway_of,
    render,
    safe_id,
    session_of,
)
from web.pages.post_form import (
    MASTODON_VISIBILITY,
    TIKTOK_PRIVACY_LEVELS,
    Draft,
    errors_by_connection,
    from_post,
    post_body,
    read_form,
)

TIMEZONES = tuple(sorted(available_timezones()))
# Providers whose limits depend on the account: TikTok's creator_info, Mastodon's instance.
ASKS_PROVIDER = ("tiktok", "mastodon")
LIMITS_UNREAD = "This account's limits could not be read right now."


class ComposerPages(Controller):
    path = "/compose"

    @get("/")
    async def form(self, request: AnyRequest) -> Template:
        post_id = request.query_params.get("post", "")
        if post_id:
            draft = from_post(await api(request, "GET", f"/v1/posts/{safe_id(post_id)}"))
        else:
            draft = Draft()
        draft.timezone = draft.timezone or request.cookies.get("tz", "")
        return await _page(request, draft, {})

    @post("/")
    async def submit(self, request: AnyRequest) -> Template | Redirect:
        choices = await _choices(request)
        providers = {c["id"]: c["provider"] for c in choices["connections"]}
        draft = read_form(await request.form(), providers)
        if not draft.targets:
            return await _page(
                request, draft, {"targets": "Choose at least one account."}, 422, choices
            )
        if draft.action == "schedule" and not draft.local_time:
            return await _page(
                request, draft, {"local_time": "Pick a date and time."}, 422, choices
            )
        saved: dict[str, Any] | None = None
        try:
            saved = await _save(request, draft, providers)
            draft.post_id, draft.version = saved["post_id"], saved.get("version")
            message = await _act(request, draft, choices["require_approval"])
        except ApiProblem as problem:
            if saved is None:
                draft.nonce = ""  # nothing was created: the next try is a new request
            errors = errors_by_connection(field_errors(problem), saved) or {"": problem.detail}
            if problem.code == "version_conflict":
                errors = {"": "Someone changed this post meanwhile; reload it and try again."}
            return await _page(request, draft, errors, problem.status, choices, problem=problem)
        return back_to(f"/posts/{draft.post_id}", message, request=request)


async def _save(request: AnyRequest, draft: Draft, providers: dict[str, str]) -> dict[str, Any]:
    body = post_body(draft, providers)
    if draft.post_id:
        path = f"/v1/posts/{safe_id(draft.post_id)}"
        saved: dict[str, Any] = await api(request, "PATCH", path, json=body)
        return saved
    body.pop("version", None)
    # The form's nonce makes a double-clicked submit create one post, not two.
    headers = {"Idempotency-Key": draft.nonce} if draft.nonce else None
    created: dict[str, Any] = await gateway_of(request).call(
        session_of(request), "POST", "/v1/posts", json=body, headers=headers
    )
    return created


async def _act(request: AnyRequest, draft: Draft, require_approval: bool) -> str:
    """Schedule, publish now or keep as a draft; with approval required, submit instead."""
    path = f"/v1/posts/{draft.post_id}"
    if draft.action == "draft":
        return "Draft saved."
    if draft.action == "now":
        if require_approval:
            await api(request, "POST", f"{path}/submit", json={})
            return "Submitted for approval; it publishes once approved."
        await api(
            request, "POST", f"{path}/publish-now", json={"timezone": draft.timezone or "UTC"}
        )
        return "Publishing now."
    if require_approval:
        await api(request, "POST", f"{path}/submit", json={"schedule": draft.schedule()})
        return "Submitted for approval."
    await api(request, "POST", f"{path}/schedule", json=draft.schedule())
    return "Scheduled."


async def _choices(request: AnyRequest) -> dict[str, Any]:
    providers = {p["name"]: p for p in (await api(request, "GET", "/v1/providers"))["items"]}
    connections = [
        c
        for c in (await api(request, "GET", "/v1/connections"))["items"]
        if c["status"] != "revoked"
    ]
    for connection in connections:
        connection["facts"] = providers.get(connection["provider"], {})
    await asyncio.gather(*(_publishing(request, c) for c in connections))
    media = (await api(request, "GET", "/v1/media", params={"limit": "100"}))["items"]
    settings = await api(request, "GET", "/v1/settings/publishing")
    return {
        "connections": connections,
        "media": [m for m in media if m["status"] in ("ready", "pending_review")],
        "require_approval": bool(settings.get("require_approval")),
    }


async def _publishing(request: AnyRequest, connection: dict[str, Any]) -> None:
    """The account's own limits (creator_info, instance), or why they are unknown (0109)."""
    connection["publishing"], connection["publishing_unavailable"] = None, None
    if connection["provider"] not in ASKS_PROVIDER:
        return
    try:
        found = await api(request, "GET", f"/v1/connections/{safe_id(connection['id'])}")
    except ApiProblem as problem:
        connection["publishing_unavailable"] = {"code": problem.code, "message": LIMITS_UNREAD}
        return
    connection["publishing"] = found.get("publishing")
    connection["publishing_unavailable"] = found.get("publishing_unavailable")


async def _page(
    request: AnyRequest,
    draft: Draft,
    errors: dict[str, str],
    status: int = 200,
    choices: dict[str, Any] | None = None,
    *,
    problem: ApiProblem | None = None,
) -> Template:
    choices = choices or await _choices(request)
    draft.nonce = draft.nonce or secrets.token_urlsafe(16)
    return await render(
        request,
        "compose/form.html",
        status_code=status,
        draft=draft,
        errors=errors,
        problem=problem,
        timezones=TIMEZONES,
        privacy_levels=TIKTOK_PRIVACY_LEVELS,
        privacy_labels=dict(TIKTOK_PRIVACY_LEVELS),
        visibilities=MASTODON_VISIBILITY,
        **choices,
    )
