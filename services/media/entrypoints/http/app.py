"""The data plane's Litestar application: two signed routes, problems, strict headers."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from litestar import Litestar, Request, Response
from litestar.config.cors import CORSConfig
from litestar.datastructures import MutableScopeHeaders, State
from litestar.exceptions import HTTPException
from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from litestar.types import Message, Scope
from opentelemetry.trace import TracerProvider

from services.media.app.context import MediaContext
from services.media.domain.errors import MediaError
from services.media.entrypoints.http.transfers import download, download_head, upload
from services.media.entrypoints.problems import to_problem
from shared.errors import PROBLEM_CONTENT_TYPE, Problem, ProblemCode
from shared.settings import load_env_struct

log = logging.getLogger("gamontj.media")

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "cross-origin",
}


class CorsSettings(msgspec.Struct, frozen=True, kw_only=True):
    """GAMONTJ_MEDIA_CORS_ORIGINS: comma-separated web origins whose pages PUT uploads here."""

    media_cors_origins: str = ""


def cors_config(origins: str | None = None) -> CORSConfig | None:
    """Only the listed origins, only the transfer methods; none listed, no CORS at all.

    The signed, single-use URL is the credential, so no cookies are allowed (no credentials).
    """
    raw = load_env_struct(CorsSettings).media_cors_origins if origins is None else origins
    allowed = [o.strip().rstrip("/") for o in raw.split(",") if o.strip()]
    if not allowed:
        return None
    return CORSConfig(
        allow_origins=allowed,
        allow_methods=["GET", "HEAD", "PUT"],
        allow_headers=["Content-Type"],
        allow_credentials=False,
        max_age=600,
    )


def create_data_plane(ctx: MediaContext, *, tracer_provider: TracerProvider | None) -> Litestar:
    """Bodies are streamed: no global size limit here, each route enforces its own."""
    telemetry = OpenTelemetryConfig(
        tracer_provider=tracer_provider,
        # One span per body chunk would cost more than the upload itself.
        exclude_spans=["receive", "send"],
    )
    return Litestar(
        route_handlers=[upload, download, download_head],
        state=State({"media": ctx}),
        exception_handlers={Exception: _problem_response},
        before_send=[_add_headers],
        request_max_body_size=None,
        cors_config=cors_config(),
        logging_config=None,
        openapi_config=None,
        plugins=[OpenTelemetryPlugin(telemetry)],
    )


def _problem_response(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    problem = _as_problem(exc)
    return Response(
        content=msgspec.json.encode(problem.to_details(instance=_redacted(request.url.path))),
        status_code=problem.status,
        media_type=PROBLEM_CONTENT_TYPE,
    )


def _as_problem(exc: Exception) -> Problem:
    if isinstance(exc, MediaError):
        return to_problem(exc)
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, HTTPException):
        status = exc.status_code
        code = ProblemCode.NOT_FOUND if status == 404 else ProblemCode.BAD_REQUEST
        if status == 405:
            code = ProblemCode.METHOD_NOT_ALLOWED
        return Problem(code, str(exc.detail), status=status)
    log.error("data plane failure", exc_info=exc)
    return Problem(ProblemCode.INTERNAL, "unexpected error")


def _redacted(path: str) -> str:
    # The token is a credential: problems (and anything logging them) never repeat it.
    head, _, _ = path.rpartition("/")
    return f"{head}/…" if head else path


async def _add_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in HEADERS.items():
        headers[name] = value
    headers.setdefault("Cache-Control", "no-store")
