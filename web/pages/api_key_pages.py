"""API keys: the list (prefix, name, role, last use), create (the key shown once), revoke."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, PathId, api, back_to, field_errors, render
from web.pages.once import ROLES, create_once, current_role, form_key, sent_key

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


class ApiKeyPages(Controller):
    path = "/api-keys"

    @get("/")
    async def index(self, request: AnyRequest) -> Template:
        return await _page(request)

    @post("/")
    async def create(self, request: AnyRequest, data: Form) -> Template:
        values = {"name": data.get("name", "").strip()[:100], "role": data.get("role", "")}
        try:
            created = await create_once(
                request, "/v1/api-keys", values, sent_key(data.get("idempotency_key", ""))
            )
        except ApiProblem as problem:
            errors = field_errors(problem) or {"name": problem.detail}
            return await _page(request, status=problem.status, errors=errors, values=values)
        # The key is in this answer only; the page is not a redirect so it never lands in a
        # cookie or a URL. A replay of the same form answers without it.
        return await _page(request, status=201, created=created)

    @post("/{key_id:str}/revoke")
    async def revoke(self, request: AnyRequest, key_id: PathId) -> Redirect:
        try:
            await api(request, "DELETE", f"/v1/api-keys/{key_id}")
        except ApiProblem as problem:
            return back_to("/api-keys", problem.detail, kind="error", request=request)
        return back_to("/api-keys", "API key revoked: it is refused from now on.", request=request)


async def _page(
    request: AnyRequest,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    created: dict[str, Any] | None = None,
) -> Template:
    role = await current_role(request)
    keys = (await api(request, "GET", "/v1/api-keys"))["items"]
    grantable = ROLES if role == "owner" else ROLES[ROLES.index(role) :] if role in ROLES else ()
    return await render(
        request,
        "api_keys/index.html",
        status_code=status,
        keys=keys,
        grantable=grantable,
        errors=errors or {},
        values=values or {"role": "editor"},
        created=created,
        form_key=form_key(),
    )
