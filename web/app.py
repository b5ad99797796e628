"""The web application: Litestar, Jinja templates, an encrypted cookie session, CSRF, CSP."""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any
from urllib.parse import urlsplit

import httpx
from litestar import Litestar, Response, get
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from web.gateway import ApiProblem, Gateway, SignedOut
from web.pages.auth_pages import AuthPages
from web.pages.calendar_pages import CalendarPages
from web.pages.common import AnyRequest, sign_in_url
from web.pages.composer_pages import ComposerPages
from web.pages.connection_pages import ConnectionPages
from web.pages.media_pages import MediaPages
from web.pages.post_pages import PostPages
from web.pages.team_routes import TEAM_PAGES
from web.pages.workspace_pages import WorkspacePages
from web.security import header_hook
from web.session import session_config
from web.settings import WEB_ROOT, WebSettings
from web.templating import register_filters

log = logging.getLogger("gamontj.web")
CSRF_COOKIE = "gamontj_csrf"
CSRF_HEADER = "x-csrf-token"

PAGES: list[Any] = [
    AuthPages,
    WorkspacePages,
    ConnectionPages,
    MediaPages,
    ComposerPages,
    CalendarPages,
    PostPages,
    *TEAM_PAGES,
]


@get("/healthz", exclude_from_csrf=True)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def create_app(
    settings: WebSettings, *, gateway_transport: httpx.AsyncBaseTransport | None = None
) -> Litestar:
    """Every page, the static assets and the gateway client (closed on shutdown)."""
    gateway = Gateway(
        settings.gateway_url, timeout_s=settings.gateway_timeout_s, transport=gateway_transport
    )
    csrf_secret = hmac.new(settings.session_key, b"gamontj-web-csrf", hashlib.sha256).hexdigest()
    templates = TemplateConfig(
        directory=WEB_ROOT / "templates",
        engine=JinjaTemplateEngine,
        engine_callback=register_filters,
    )
    return Litestar(
        route_handlers=[
            *PAGES,
            healthz,
            create_static_files_router(path="/static", directories=[WEB_ROOT / "static"]),
            create_static_files_router(
                path="/vendor/htmx", directories=[settings.assets_dir / "htmx.org" / "dist"]
            ),
        ],
        state=State({"gateway": gateway, "settings": settings}),
        template_config=templates,
        middleware=[session_config(settings).middleware],
        csrf_config=CSRFConfig(
            secret=csrf_secret,
            cookie_name=CSRF_COOKIE,
            header_name=CSRF_HEADER,
            cookie_secure=settings.secure_cookies,
            cookie_samesite="lax",
            exclude=["/static", "/vendor"],
        ),
        exception_handlers={
            SignedOut: _signed_out,
            ApiProblem: _api_problem,
            HTTPException: _http_problem,
            Exception: _unexpected,
        },
        before_send=[header_hook(settings)],
        on_shutdown=[gateway.close],
        request_max_body_size=settings.upload_max_bytes,
        logging_config=None,
        openapi_config=None,
    )


def _signed_out(request: AnyRequest, _exc: Exception) -> Response[Any]:
    target = sign_in_url(request)
    if request.headers.get("hx-request"):
        return Response(b"", status_code=204, headers={"HX-Redirect": target})
    return Redirect(target, status_code=303)


def _api_problem(request: AnyRequest, exc: Exception) -> Response[Any]:
    assert isinstance(exc, ApiProblem)
    if exc.status == 404:
        return _error_page(
            request, 404, "Not found", "There is nothing here, or it belongs to another workspace."
        )
    if exc.status == 403:
        return _error_page(
            request, 403, "Not allowed", "Your role in this workspace does not allow this."
        )
    if exc.status >= 500:
        return _error_page(request, exc.status, "Gamontj is not answering", exc.detail)
    return _error_page(request, exc.status, "That did not work", exc.detail)


def _http_problem(request: AnyRequest, exc: Exception) -> Response[Any]:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, PermissionDeniedException) and "csrf" in str(exc.detail).lower():
        detail = (
            "This form expired (or came from another site). "
            "Go back, reload the page and send it again."
        )
        return _error_page(request, 403, "Form expired", detail)
    if isinstance(exc, NotAuthorizedException):
        return _signed_out(request, exc)
    if exc.status_code == 404:
        return _error_page(request, 404, "Not found", "There is no page at this address.")
    return _error_page(request, exc.status_code, "That did not work", str(exc.detail))


def _unexpected(request: AnyRequest, exc: Exception) -> Response[Any]:
    log.error("unexpected error on %s", urlsplit(str(request.url)).path, exc_info=exc)
    return _error_page(
        request, 500, "Something went wrong", "Our side failed; try again in a moment."
    )


def _error_page(request: AnyRequest, status: int, title: str, detail: str) -> Response[Any]:
    context: dict[str, Any] = {
        "me": None,
        "flash": None,
        "path": request.url.path,
        "title": title,
        "detail": detail,
    }
    context["status"] = status
    return Template(template_name="error.html", context=context, status_code=status)
