"""Privacy: export or erase my data, follow the request, download the export."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import (
    ERASED,
    AnyRequest,
    PathId,
    api,
    field_errors,
    render,
    session_of,
)
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
    async def index(self, request: AnyRequest) -> Template | Response[Any]:
        return await _unless_erased(request, _page(request))

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
    async def show(self, request: AnyRequest, request_id: PathId) -> Template | Response[Any]:
        return await _unless_erased(request, _show(request, request_id))

    @get("/requests/{request_id:str}/live")
    async def live(self, request: AnyRequest, request_id: PathId) -> Template | Response[Any]:
        """The status alone, polled by htmx while the request runs."""
        return await _unless_erased(request, _live(request, request_id))

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


async def _show(request: AnyRequest, request_id: str) -> Template:
    found = await api(request, "GET", f"/v1/privacy/requests/{request_id}")
    return await render(request, "privacy/request.html", **_view(found))


async def _live(request: AnyRequest, request_id: str) -> Template:
    found = await api(request, "GET", f"/v1/privacy/requests/{request_id}")
    return Template(template_name="privacy/_request_live.html", context=_view(found))


async def _unless_erased(
    request: AnyRequest, page: Awaitable[Template]
) -> Template | Response[Any]:
    """The page, or, once the person's erasure went through, signed out with a message.

    Their access token still verifies until it expires, but their account is gone: the
    erasure's own request answers 404 (its requester is forgotten), and so does /v1/me.
    """
    try:
        return await page
    except ApiProblem as problem:
        if problem.status != 404 or not await _account_gone(request):
            raise
    session = session_of(request)
    session.clear()  # no logout call: the erasure already revoked the refresh tokens
    session.flash(ERASED)
    if request.headers.get("hx-request"):  # the status poll: htmx follows to the full page
        return Response(b"", status_code=204, headers={"HX-Redirect": "/signin"})
    return Redirect("/signin", status_code=303)


async def _account_gone(request: AnyRequest) -> bool:
    try:
        await api(request, "GET", "/v1/me")
    except ApiProblem as problem:
        if problem.status == 404:
            return True
        raise
    return False


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
