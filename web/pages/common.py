"""What every page handler uses: the session, the gateway, rendering with the layout's data."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request
from litestar.params import PathParameter
from litestar.response import Redirect, Template

from web.gateway import ApiProblem, Gateway, SignedOut
from web.navigation import nav_for
from web.session import UserSession

AnyRequest = Request[Any, Any, Any]
# Path segments go into gateway URLs: letters, digits, `_` and `-` only (never `..` or `/`).
PathId = Annotated[str, PathParameter(pattern=r"^[A-Za-z0-9_-]{1,100}$")]
ProviderName = Annotated[str, PathParameter(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
ERASED = "Your data was deleted."


def safe_id(value: str) -> str:
    """An id from a form or a query, checked like PathId before it goes into a gateway path."""
    if not _ID.fullmatch(value):
        raise ApiProblem(404, "not_found", "no such item")
    return value


def session_of(request: AnyRequest) -> UserSession:
    return UserSession(request.session)


def gateway_of(request: AnyRequest) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


async def api(
    request: AnyRequest,
    method: str,
    path: str,
    *,
    json: Any = None,
    params: dict[str, str] | None = None,
) -> Any:
    """An authenticated gateway call for the signed-in person (SignedOut when there is none)."""
    return await gateway_of(request).call(
        session_of(request), method, path, json=json, params=params
    )


async def render(
    request: AnyRequest, template: str, *, status_code: int = 200, **context: Any
) -> Template:
    """A page inside the layout: navigation, workspace switcher and the one-time message."""
    session = session_of(request)
    layout: dict[str, Any] = {"me": None, "flash": session.take_flash(), "path": request.url.path}
    if session.signed_in:
        me = await _me_or_signed_out(request)
        current = me.get("current_workspace") or {}
        layout["me"] = me
        layout["role"] = current.get("role", "")
        layout["nav"] = nav_for(layout["role"])
    return Template(template_name=template, context=layout | context, status_code=status_code)


async def _me_or_signed_out(request: AnyRequest) -> dict[str, Any]:
    # An access token verifies until it expires, but after an erasure its account is gone
    # (/v1/me answers 404): on any page, that person is signed out, not shown an error.
    try:
        me: dict[str, Any] = await api(request, "GET", "/v1/me")
    except ApiProblem as problem:
        if problem.status != 404:
            raise
    else:
        return me
    session = session_of(request)
    session.clear()
    session.flash(ERASED)
    raise SignedOut


def back_to(path: str, message: str = "", *, kind: str = "info", request: AnyRequest) -> Redirect:
    """Post/redirect/get with an optional message for the next page."""
    if message:
        session_of(request).flash(message, kind)
    return Redirect(path, status_code=303)


def sign_in_url(request: AnyRequest) -> str:
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/signin?next=" + quote(wanted, safe="")


def field_errors(problem: ApiProblem) -> dict[str, str]:
    """The API's per-field problems keyed `<target_id>:<field>` (or `<field>`) for templates."""
    found: dict[str, str] = {}
    for item in problem.errors:
        field = str(item.get("field") or item.get("key") or "")
        target = str(item.get("target_id") or "")
        key = f"{target}:{field}" if target else field
        message = str(item.get("message") or item.get("code") or "invalid")
        found[key] = f"{found[key]}; {message}" if key in found else message
    return found


def form_text(form: Any, name: str, limit: int = 20_000) -> str:
    value = form.get(name, "")
    return value[:limit] if isinstance(value, str) else ""
