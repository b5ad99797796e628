"""Sign up, sign in, sign out: the gateway's tokens go into the encrypted session cookie."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, field_errors, gateway_of, render, session_of

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _safe_next(value: str) -> str:
    # Only paths of this site: "//host" or "https://…" would make us an open redirect.
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/calendar"


class AuthPages(Controller):
    @get("/")
    async def home(self, request: AnyRequest) -> Redirect:
        return Redirect("/calendar" if session_of(request).signed_in else "/signin")

    @get("/signup")
    async def signup_form(self, request: AnyRequest) -> Template:
        return await render(request, "auth/signup.html", values={}, errors={})

    @post("/signup")
    async def signup(self, request: AnyRequest, data: Form) -> Template | Redirect:
        values = {k: data.get(k, "") for k in ("email", "workspace_name")}
        body: dict[str, Any] = {"email": values["email"], "password": data.get("password", "")}
        if values["workspace_name"]:
            body["workspace_name"] = values["workspace_name"]
        try:
            created = await gateway_of(request).anonymous("POST", "/v1/auth/register", json=body)
        except ApiProblem as problem:
            errors = field_errors(problem) or {"": problem.detail}
            if problem.code == "email_taken" or problem.status == 409:
                errors = {"email": problem.detail}
            return await render(
                request,
                "auth/signup.html",
                status_code=problem.status,
                values=values,
                errors=errors,
            )
        session = session_of(request)
        session.clear()
        session.store_tokens(created["tokens"] | {"workspace_id": created["workspace"]["id"]})
        session.remember_email(values["email"])
        session.flash("Welcome! Connect an account to start publishing.")
        return Redirect("/connections", status_code=303)

    @get("/signin")
    async def signin_form(self, request: AnyRequest) -> Template:
        wanted = request.query_params.get("next", "")
        return await render(request, "auth/signin.html", values={"next": wanted}, errors={})

    @post("/signin")
    async def signin(self, request: AnyRequest, data: Form) -> Template | Redirect:
        values = {"email": data.get("email", ""), "next": data.get("next", "")}
        body = {"email": values["email"], "password": data.get("password", "")}
        try:
            pair = await gateway_of(request).anonymous("POST", "/v1/auth/login", json=body)
        except ApiProblem as problem:
            errors = field_errors(problem) or {"": problem.detail}
            return await render(
                request,
                "auth/signin.html",
                status_code=problem.status,
                values=values,
                errors=errors,
            )
        session = session_of(request)
        session.clear()
        session.store_tokens(pair)
        session.remember_email(values["email"])
        return Redirect(_safe_next(values["next"]), status_code=303)

    @post("/signout")
    async def signout(self, request: AnyRequest) -> Redirect:
        session = session_of(request)
        if session.signed_in:
            # the cookie goes anyway; the refresh token then simply expires
            with contextlib.suppress(ApiProblem):
                await gateway_of(request).anonymous(
                    "POST", "/v1/auth/logout", json={"refresh_token": session.refresh_token}
                )
        session.clear()
        session.flash("You are signed out.")
        return Redirect("/signin", status_code=303)
