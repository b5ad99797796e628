"""Provider connections: the catalogue, OAuth authorise and callback, app passwords, management."""

# ruff: noqa: A002 - the REST paths name their parameter {id}

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.response import Redirect

from services.gateway.entrypoints.http.authentication import SECURITY, authenticate
from services.gateway.entrypoints.http.guards import authorize, needs
from services.gateway.entrypoints.http.identity import call_auth, context_of, principal_of
from services.gateway.entrypoints.http.openapi import problem_responses
from services.gateway.entrypoints.http.workspace_routes import IdParam
from shared.contracts import connection_rpc as rpc
from shared.contracts.publisher_limits import (
    ACCOUNT_LIMITS,
    AccountLimitsReply,
    AccountLimitsRequest,
    AccountPublishing,
    PublishingUnavailable,
)
from shared.errors import Problem
from shared.tenancy import RequestContext

Provider = Annotated[str, PathParameter(pattern=r"^[a-z][a-z0-9_]{1,30}$")]
Query = Annotated[str | None, QueryParameter(max_length=2048)]
# `state` is a reserved name in Litestar handlers: read the query parameter under another name.
StateQuery = Annotated[str | None, QueryParameter(name="state", max_length=2048)]
BINDING_COOKIE = "gmj_oauth_binding"
STATE_TTL_S = 600
LIMITS_UNREADABLE = "This account's publishing limits could not be read right now; try again."


class Credentials(msgspec.Struct, frozen=True, kw_only=True):
    """An app password (Bluesky): used once to open a session, never stored."""

    identifier: Annotated[str, msgspec.Meta(min_length=1, max_length=253)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class Connection(rpc.ConnectionView, frozen=True, kw_only=True):
    """One connection and its provider's current limits for this account (never a token)."""

    publishing: AccountPublishing | None = None
    publishing_unavailable: PublishingUnavailable | None = None


class ProviderController(Controller):
    path = "/v1/providers"
    tags = ["connections"]
    guards = [authorize]
    security = SECURITY

    @get(
        "/",
        operation_id="listProviders",
        summary="What each provider supports: scopes, media kinds, text limits, async publishing.",
        responses=problem_responses(401, 503, 504),
    )
    async def catalogue(self, request: Request[Any, Any, Any]) -> rpc.ProviderCatalog:
        return await call_auth(request, rpc.PROVIDERS, rpc.ListProviders(), rpc.ProviderCatalog)


class ConnectionController(Controller):
    path = "/v1/connections"
    tags = ["connections"]
    guards = [authorize]
    security = SECURITY

    @post(
        "/{provider:str}/authorize",
        operation_id="authorizeConnection",
        summary="Start connecting an account; open `authorize_url` in the user's browser.",
        status_code=200,
        opt=needs("connections:manage"),
        responses=problem_responses(400, 401, 403, 404, 503, 504),
    )
    async def authorize(
        self, provider: Provider, request: Request[Any, Any, Any]
    ) -> Response[rpc.AuthorizationStarted]:
        """From a browser, the state is also bound to that browser by an HttpOnly cookie."""
        binding = secrets.token_urlsafe(24) if _from_browser(request) else ""
        started = await call_auth(
            request,
            rpc.AUTHORIZE,
            rpc.AuthorizeConnection(
                ctx=context_of(principal_of(request)), provider=provider, browser_binding=binding
            ),
            rpc.AuthorizationStarted,
        )
        cookies = [_binding_cookie(binding, request)] if binding else []
        return Response(started, cookies=cookies)

    @post(
        "/{provider:str}/credentials",
        operation_id="connectWithCredentials",
        summary="Connect an app-password provider (Bluesky) in this workspace.",
        status_code=201,
        opt=needs("connections:manage"),
        responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503, 504),
    )
    async def credentials(
        self, provider: Provider, data: JSONBody[Credentials], request: Request[Any, Any, Any]
    ) -> rpc.ConnectionView:
        ctx = context_of(principal_of(request))
        body = rpc.ConnectWithCredentials(
            ctx=ctx, provider=provider, identifier=data.identifier, password=data.password
        )
        return await call_auth(request, rpc.CREDENTIALS, body, rpc.ConnectionView)

    @get(
        "/",
        operation_id="listConnections",
        summary="The workspace's connections with status and granted scopes (never tokens).",
        opt=needs("connections:read"),
        responses=problem_responses(401, 403, 404, 503, 504),
    )
    async def list_connections(self, request: Request[Any, Any, Any]) -> rpc.ConnectionList:
        ctx = context_of(principal_of(request))
        return await call_auth(request, rpc.LIST, rpc.ListConnections(ctx=ctx), rpc.ConnectionList)

    @get(
        "/{id:str}",
        operation_id="getConnection",
        summary="One connection of this workspace, with what it may post (`publishing`).",
        opt=needs("connections:read"),
        responses=problem_responses(400, 401, 403, 404, 503, 504),
    )
    async def get_connection(self, id: IdParam, request: Request[Any, Any, Any]) -> Connection:
        """`publishing` is asked of the provider now; null with `publishing_unavailable` when
        it cannot be asked (the connection itself is still answered)."""
        view = await call_auth(request, rpc.GET, _ref(request, id), rpc.ConnectionView)
        publishing, unavailable = await _publishing(request, view.id)
        return Connection(
            **msgspec.structs.asdict(view),
            publishing=publishing,
            publishing_unavailable=unavailable,
        )

    @delete(
        "/{id:str}",
        operation_id="disconnectConnection",
        summary="Revoke at the provider (outcome recorded) and destroy the stored tokens.",
        status_code=200,
        opt=needs("connections:manage"),
        responses=problem_responses(400, 401, 403, 404, 503, 504),
    )
    async def disconnect(self, id: IdParam, request: Request[Any, Any, Any]) -> rpc.Disconnected:
        return await call_auth(request, rpc.DISCONNECT, _ref(request, id), rpc.Disconnected)

    @post(
        "/{id:str}/refresh",
        operation_id="refreshConnection",
        summary="Refresh the connection's tokens now (a transient failure keeps it active).",
        status_code=200,
        opt=needs("connections:manage"),
        responses=problem_responses(400, 401, 403, 404, 409, 503, 504),
    )
    async def refresh(self, id: IdParam, request: Request[Any, Any, Any]) -> rpc.ConnectionView:
        return await call_auth(request, rpc.REFRESH, _ref(request, id), rpc.ConnectionView)


class OAuthCallbackController(Controller):
    path = "/v1/oauth"
    tags = ["connections"]

    @get(
        "/{provider:str}/callback",
        operation_id="oauthCallback",
        summary="Where the provider sends the browser back; refusals carry a precise code.",
        responses=problem_responses(400, 401, 403, 404, 409, 422, 502, 503, 504)
        | {303: ResponseSpec(None, description="To the configured UI page, for browsers")},
    )
    async def callback(
        self,
        provider: Provider,
        request: Request[Any, Any, Any],
        oauth_state: StateQuery = None,
        code: Query = None,
        error: Query = None,
        error_description: Query = None,
    ) -> Response[Any]:
        """No credential needed (a browser redirect); one that is sent must be the initiator's.

        With `GAMONTJ_CONNECT_RETURN_URL` set, a browser (Accept: text/html) is sent back to
        that page with the outcome in the query; API clients get JSON or a problem.
        """
        caller = RequestContext()
        if request.headers.get("authorization"):
            caller = context_of(await authenticate(request))
        body = rpc.CompleteConnection(
            ctx=caller,
            provider=provider,
            state=oauth_state or "",
            code=code or "",
            error=error or "",
            error_description=error_description or "",
            browser_binding=request.cookies.get(BINDING_COOKIE, ""),
        )
        return_url = _return_url(request)
        try:
            view = await call_auth(request, rpc.CALLBACK, body, rpc.ConnectionView)
        except Problem as problem:
            if not return_url:
                raise
            return _back_to_ui(return_url, {"provider": provider, "error": problem.code})
        if return_url:
            outcome = {"provider": provider, "connection": view.id, "status": view.status}
            return _back_to_ui(return_url, outcome)
        return Response(view)


def _return_url(request: Request[Any, Any, Any]) -> str:
    wanted = getattr(request.app.state.deps, "connect_return_url", "")
    accepts_html = "text/html" in request.headers.get("accept", "")
    return str(wanted) if wanted and accepts_html else ""


def _back_to_ui(url: str, outcome: dict[str, str]) -> Response[Any]:
    separator = "&" if "?" in url else "?"
    response: Response[Any] = Redirect(f"{url}{separator}{urlencode(outcome)}", status_code=303)
    response.cookies.append(Cookie(key=BINDING_COOKIE, value="", path="/v1/oauth/", max_age=0))
    return response


async def _publishing(
    request: Request[Any, Any, Any], connection_id: str
) -> tuple[AccountPublishing | None, PublishingUnavailable | None]:
    ask = AccountLimitsRequest(ctx=context_of(principal_of(request)), connection_id=connection_id)
    try:
        answer = await call_auth(request, ACCOUNT_LIMITS, ask, AccountLimitsReply)
    except Problem as problem:
        # The publisher is down, slow or lost the connection meanwhile: say so, read on.
        return None, PublishingUnavailable(code=problem.code, message=LIMITS_UNREADABLE)
    return answer.publishing, answer.unavailable


def _ref(request: Request[Any, Any, Any], connection_id: str) -> rpc.ConnectionRef:
    return rpc.ConnectionRef(ctx=context_of(principal_of(request)), connection_id=connection_id)


def _from_browser(request: Request[Any, Any, Any]) -> bool:
    # Browsers add these to every fetch and form post; API clients do not.
    return bool(request.headers.get("origin") or request.headers.get("sec-fetch-site"))


def _binding_cookie(binding: str, request: Request[Any, Any, Any]) -> Cookie:
    return Cookie(
        key=BINDING_COOKIE,
        value=binding,
        path="/v1/oauth/",
        max_age=STATE_TTL_S,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


CONNECTION_ROUTES = [ProviderController, ConnectionController, OAuthCallbackController]
