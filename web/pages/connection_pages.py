"""Connections: OAuth through the provider's own consent page, Bluesky's app password, status."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, PathId, ProviderName, api, back_to, field_errors, render
from web.templating import provider_name

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
PROVIDER_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"

# What each connection status means to a person, and whether it needs them to act.
STATUS_TEXT = {
    "active": ("Connected", False),
    "reauth_required": ("Needs reconnecting: the provider no longer accepts our access", True),
    "revoked": ("Disconnected", True),
}


class ConnectionPages(Controller):
    path = "/connections"

    @get("/")
    async def index(self, request: AnyRequest) -> Template:
        return await _page(request)

    @post("/{provider:str}/connect")
    async def connect(self, request: AnyRequest, provider: ProviderName) -> Redirect:
        """Start OAuth at the gateway, then send the browser to the provider's consent page."""
        try:
            started = await api(request, "POST", f"/v1/connections/{provider}/authorize")
        except ApiProblem as problem:
            return back_to("/connections", problem.detail, kind="error", request=request)
        return Redirect(str(started["authorize_url"]), status_code=303)

    @post("/{provider:str}/credentials")
    async def credentials(
        self, request: AnyRequest, provider: ProviderName, data: Form
    ) -> Template | Redirect:
        body = {"identifier": data.get("identifier", ""), "password": data.get("password", "")}
        try:
            created = await api(
                request, "POST", f"/v1/connections/{provider}/credentials", json=body
            )
        except ApiProblem as problem:
            errors = field_errors(problem) or {"": problem.detail}
            return await _page(
                request,
                status_code=problem.status,
                credential_errors={provider: errors},
                credential_values={provider: {"identifier": body["identifier"]}},
            )
        name = created.get("handle") or created.get("display_name") or provider
        return back_to("/connections", f"Connected {name}.", request=request)

    @get("/return")
    async def returned(self, request: AnyRequest) -> Redirect:
        """Where the gateway's OAuth callback sends the browser, with the outcome in the query."""
        query = request.query_params
        provider = provider_name(query.get("provider", "")) or "the provider"
        if query.get("error"):
            message = f"Connecting {provider} did not finish ({query.get('error')}). Try again."
            return back_to("/connections", message, kind="error", request=request)
        return back_to("/connections", f"Connected {provider}.", request=request)

    @post("/{connection_id:str}/disconnect")
    async def disconnect(self, request: AnyRequest, connection_id: PathId) -> Redirect:
        try:
            await api(request, "DELETE", f"/v1/connections/{connection_id}")
        except ApiProblem as problem:
            return back_to("/connections", problem.detail, kind="error", request=request)
        return back_to("/connections", "Disconnected.", request=request)


async def _page(request: AnyRequest, *, status: int = 200, **extra: Any) -> Template:
    providers = (await api(request, "GET", "/v1/providers"))["items"]
    connections = (await api(request, "GET", "/v1/connections"))["items"]
    for connection in connections:
        text, needs_action = STATUS_TEXT.get(connection["status"], (connection["status"], True))
        connection["status_text"] = text
        connection["needs_action"] = needs_action
    context: dict[str, Any] = {"credential_errors": {}, "credential_values": {}} | extra
    return await render(
        request,
        "connections/index.html",
        status_code=status,
        providers=providers,
        connections=connections,
        **context,
    )
