"""Privacy: export or erase my data, follow the request, download the export."""

from __future__ import annotations

import json
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, PathId, api, field_errors, render
from web.pages.once import MANAGERS, create_once, current_role, form_key, sent_key

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
# The API lists no requests, so the browser's session remembers the ids it filed (not secrets).
REMEMBERED = "privacy_requests"
KEPT = 10
KINDS = {"export": "Export of my data", "erasure": "Erasure of my data"}
ERASE_CONFIRMATION = "Tick the box to confirm that your data is to be deleted for good."


class PrivacyPages(Controller):
    path = "/privacy"

    @get("/")
    async def index(self, request: AnyRequest) -> Template:
        return await _page(request)

    @post("/requests")
    async def create(self, request: AnyRequest, data: Form) -> Template | Redirect:
        kind = data.get("kind", "")
        if kind == "erasure" and data.get("confirm") != "yes":
            errors = {"confirm": ERASE_CONFIRMATION}
            return await _page(request, status=422, errors=errors)
        body = {"kind": kind, "subject": "user"}
        try:
            made = await create_once(
                request, "/v1/privacy/requests", body, sent_key(data.get("idempotency_key", ""))
            )
        except ApiProblem as problem:
            errors = field_errors(problem) or {kind or "kind": problem.detail}
            return await _page(request, status=problem.status, errors=errors)
        _remember(request, str(made["id"]))
        return Redirect(f"/privacy/requests/{made['id']}", status_code=303)

    @get("/requests/{request_id:str}")
    async def show(self, request: AnyRequest, request_id: PathId) -> Template:
        found = await api(request, "GET", f"/v1/privacy/requests/{request_id}")
        return await render(request, "privacy/request.html", **_view(found))

    @get("/requests/{request_id:str}/live")
    async def live(self, request: AnyRequest, request_id: PathId) -> Template:
        """The status alone, polled by htmx while the request runs."""
        found = await api(request, "GET", f"/v1/privacy/requests/{request_id}")
        return Template(template_name="privacy/_request_live.html", context=_view(found))

    @get("/requests/{request_id:str}/download")
    async def download(self, request: AnyRequest, request_id: PathId) -> Response[bytes]:
        """The bundle through us: the gateway wants the session's bearer token, never the URL."""
        bundle = await api(request, "GET", f"/v1/privacy/requests/{request_id}/download")
        return Response(
            json.dumps(bundle, indent=2, ensure_ascii=False).encode(),
            media_type="application/json",
            headers={
                "Content-Disposition": f'attachment; filename="gamontj-export-{request_id}.json"',
                "Cache-Control": "no-store",
            },
        )


def _remember(request: AnyRequest, request_id: str) -> None:
    known = [i for i in request.session.get(REMEMBERED, []) if i != request_id]
    request.session[REMEMBERED] = [request_id, *known][:KEPT]


def _view(found: dict[str, Any]) -> dict[str, Any]:
    return {
        "req": found,
        "kind_label": KINDS.get(found["kind"], found["kind"]),
        "running": found["status"] == "running",
        "downloadable": found["kind"] == "export" and found["status"] == "completed",
    }


async def _page(
    request: AnyRequest, *, status: int = 200, errors: dict[str, str] | None = None
) -> Template:
    requests: list[dict[str, Any]] = []
    for request_id in request.session.get(REMEMBERED, []):
        try:
            found = await api(request, "GET", f"/v1/privacy/requests/{request_id}")
        except ApiProblem as problem:
            if problem.status != 404:  # another workspace's request, or one long gone
                raise
            continue
        requests.append(_view(found))
    role = await current_role(request)
    return await render(
        request,
        "privacy/index.html",
        status_code=status,
        requests=requests,
        errors=errors or {},
        manages=role in MANAGERS,
        form_key=form_key(),
    )
