"""Workspace switcher and creation (the layout shows both on every page)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, api, back_to, safe_id, session_of

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


class WorkspacePages(Controller):
    path = "/workspaces"

    @post("/")
    async def create(self, request: AnyRequest, data: Form) -> Redirect:
        name = data.get("name", "").strip()
        try:
            created = await api(request, "POST", "/v1/workspaces", json={"name": name})
            await _switch(request, str(created["id"]))
        except ApiProblem as problem:
            return back_to("/calendar", problem.detail, kind="error", request=request)
        return back_to("/connections", f"Workspace {name!r} created.", request=request)

    @post("/switch")
    async def switch(self, request: AnyRequest, data: Form) -> Redirect:
        try:
            await _switch(request, data.get("workspace_id", ""))
        except ApiProblem as problem:
            return back_to("/calendar", problem.detail, kind="error", request=request)
        return back_to("/calendar", request=request)


async def _switch(request: AnyRequest, workspace_id: str) -> None:
    """The gateway answers a token pair scoped to the new workspace; it replaces ours."""
    pair = await api(request, "POST", f"/v1/workspaces/{safe_id(workspace_id)}/switch")
    session_of(request).store_tokens(pair)
