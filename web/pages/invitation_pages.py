"""Accepting an invitation: sign in (or sign up) first, then join the workspace and switch to it."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, PathParameter
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, api, field_errors, gateway_of, render, session_of

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Token = Annotated[str, PathParameter(pattern=r"^[A-Za-z0-9_-]{1,200}$")]
NOT_USABLE = (
    "This invitation cannot be used: it is unknown, already used, expired, "
    "or addressed to another e-mail address than yours."
)


class InvitationPages(Controller):
    path = "/invitations"

    @get("/{token:str}")
    async def show(self, request: AnyRequest, token: Token) -> Template:
        return await _page(request, token)

    @post("/{token:str}/accept")
    async def accept(self, request: AnyRequest, token: Token) -> Template | Redirect:
        if not session_of(request).signed_in:
            return Redirect(f"/invitations/{token}", status_code=303)
        return await _accept(request, token)

    @post("/{token:str}/signup")
    async def signup(self, request: AnyRequest, token: Token, data: Form) -> Template | Redirect:
        """A new account for the invited address, then the invitation is accepted at once."""
        email = data.get("email", "").strip()[:254]
        body = {"email": email, "password": data.get("password", "")}
        try:
            created = await gateway_of(request).anonymous("POST", "/v1/auth/register", json=body)
        except ApiProblem as problem:
            errors = field_errors(problem) or {"email": problem.detail}
            if problem.status == 409:
                errors = {"email": problem.detail}
            return await _page(request, token, status=problem.status, errors=errors, email=email)
        session = session_of(request)
        session.clear()
        session.store_tokens(created["tokens"] | {"workspace_id": created["workspace"]["id"]})
        session.remember_email(email)
        return await _accept(request, token)


async def _accept(request: AnyRequest, token: str) -> Template | Redirect:
    try:
        joined = await api(request, "POST", f"/v1/invitations/{token}/accept")
        # The gateway answers a token pair scoped to the joined workspace; it replaces ours.
        pair = await api(request, "POST", f"/v1/workspaces/{joined['id']}/switch")
    except ApiProblem as problem:
        detail = NOT_USABLE if problem.status == 404 else problem.detail
        return await _page(request, token, status=problem.status, errors={"": detail})
    session = session_of(request)
    session.store_tokens(pair)
    session.flash(f"You joined {joined['name']} as {joined['role']}.")
    return Redirect("/calendar", status_code=303)


async def _page(
    request: AnyRequest,
    token: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    email: str = "",
) -> Template:
    context: dict[str, Any] = {"token": token, "errors": errors or {}, "email": email}
    return await render(request, "invitations/accept.html", status_code=status, **context)
