"""Members and invitations: roles, removal (the API guards the last owner), invite by e-mail."""

from __future__ import annotations

import re
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, PathId, api, back_to, field_errors, render
from web.pages.once import MANAGERS, ROLES, create_once, current_role, form_key, sent_key

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
_TOKEN_IN_LINK = re.compile(r"/invitations/([A-Za-z0-9_-]{1,200})")


class MemberPages(Controller):
    path = "/members"

    @get("/")
    async def index(self, request: AnyRequest) -> Template:
        return await _page(request)

    @post("/{user_id:str}/role")
    async def change_role(
        self, request: AnyRequest, user_id: PathId, data: Form
    ) -> Template | Redirect:
        role = data.get("role", "")
        try:
            await api(request, "PATCH", f"/v1/members/{user_id}", json={"role": role})
        except ApiProblem as problem:
            return await _page(request, status=problem.status, row_errors={user_id: problem.detail})
        return back_to("/members", f"Role changed to {role}.", request=request)

    @post("/{user_id:str}/remove")
    async def remove(self, request: AnyRequest, user_id: PathId) -> Template | Redirect:
        try:
            await api(request, "DELETE", f"/v1/members/{user_id}")
        except ApiProblem as problem:
            return await _page(request, status=problem.status, row_errors={user_id: problem.detail})
        return back_to("/members", "Member removed.", request=request)

    @post("/invite")
    async def invite(self, request: AnyRequest, data: Form) -> Template:
        values = {"email": data.get("email", "").strip()[:254], "role": data.get("role", "")}
        try:
            created = await create_once(
                request, "/v1/invitations", values, sent_key(data.get("idempotency_key", ""))
            )
        except ApiProblem as problem:
            errors = field_errors(problem) or {"email": problem.detail}
            return await _page(
                request, status=problem.status, invite_errors=errors, invite_values=values
            )
        link = invitation_link(request, created.get("link"))
        return await _page(request, status=201, invited=created | {"web_link": link})


def invitation_link(request: AnyRequest, api_link: str | None) -> str | None:
    """Our own accept page for the token in the API's link (which may point at the gateway)."""
    found = _TOKEN_IN_LINK.search(api_link or "")
    if found is None:
        return None
    public_url: str = request.app.state.settings.public_url
    return f"{public_url}/invitations/{found.group(1)}"


async def _page(
    request: AnyRequest,
    *,
    status: int = 200,
    row_errors: dict[str, str] | None = None,
    invite_errors: dict[str, str] | None = None,
    invite_values: dict[str, str] | None = None,
    invited: dict[str, Any] | None = None,
) -> Template:
    role = await current_role(request)
    members = (await api(request, "GET", "/v1/members"))["items"]
    owners = sum(1 for m in members if m["role"] == "owner")
    # Nobody grants a role above their own: offer only what the API would accept.
    grantable = ROLES if role == "owner" else ROLES[ROLES.index(role) :] if role in ROLES else ()
    summary = dict(row_errors or {}) | dict(invite_errors or {})
    return await render(
        request,
        "members/index.html",
        status_code=status,
        members=members,
        my_role=role,
        manages=role in MANAGERS,
        grantable=grantable,
        owners=owners,
        row_errors=row_errors or {},
        invite_errors=invite_errors or {},
        invite_values=invite_values or {"role": "editor"},
        errors_summary=summary,
        invited=invited,
        form_key=form_key(),
    )
