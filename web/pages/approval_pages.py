"""The approvals queue: owners and admins approve or reject what editors submitted."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, PathId, api, back_to, field_errors, render
from web.pages.once import MANAGERS, current_role, member_emails

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
CURSOR_LIMIT = 200


class ApprovalPages(Controller):
    path = "/approvals"

    @get("/")
    async def index(self, request: AnyRequest) -> Template:
        return await _queue(request)

    @post("/{post_id:str}/approve")
    async def approve(
        self, request: AnyRequest, post_id: PathId, data: Form
    ) -> Template | Redirect:
        body = {"note": data.get("note", "")[:1000]}
        try:
            await api(request, "POST", f"/v1/posts/{post_id}/approve", json=body)
        except ApiProblem as problem:
            return await _queue(request, failed=(post_id, problem), status=problem.status)
        return back_to(
            "/approvals", "Approved: it is scheduled as the editor asked.", request=request
        )

    @post("/{post_id:str}/reject")
    async def reject(self, request: AnyRequest, post_id: PathId, data: Form) -> Template | Redirect:
        # The API requires the reason (the editor reads it); its problem shows by the field.
        body = {"note": data.get("note", "").strip()[:1000]}
        try:
            await api(request, "POST", f"/v1/posts/{post_id}/reject", json=body)
        except ApiProblem as problem:
            return await _queue(request, failed=(post_id, problem), status=problem.status)
        return back_to("/approvals", "Rejected: the editor sees your reason.", request=request)


async def _queue(
    request: AnyRequest, *, failed: tuple[str, ApiProblem] | None = None, status: int = 200
) -> Template:
    if await current_role(request) not in MANAGERS:
        raise ApiProblem(403, "forbidden", "only owners and admins approve posts")
    cursor = request.query_params.get("cursor", "")[:CURSOR_LIMIT]
    params = {"status": "pending_approval", "limit": "50"} | ({"cursor": cursor} if cursor else {})
    page = await api(request, "GET", "/v1/posts", params=params)
    emails = await member_emails(request)
    accounts = {c["id"]: c for c in (await api(request, "GET", "/v1/connections"))["items"]}
    posts: list[dict[str, Any]] = []
    for item in page["items"]:
        item["author_email"] = emails.get(item.get("author", ""), "a former member")
        for target in item["targets"]:
            found = accounts.get(target["connection_id"], {})
            target["account"] = found.get("handle") or found.get("display_name") or "—"
        posts.append(item)
    errors: dict[str, dict[str, str]] = {}
    if failed is not None:
        post_id, problem = failed
        found_errors = field_errors(problem)
        errors[post_id] = {"note": found_errors.get("note") or problem.detail}
    return await render(
        request,
        "approvals/index.html",
        status_code=status,
        posts=posts,
        errors=errors,
        next_cursor=page.get("next_cursor"),
    )
