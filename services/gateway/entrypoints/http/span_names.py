"""Server spans named after the route template (`POST /v1/posts/{id}/publish-now`), not the path.

OpenTelemetry's HTTP conventions want low-cardinality span names and an `http.route`
attribute; the ASGI middleware only knows the raw path when the span starts, so the name is
corrected once routing has chosen a handler.
"""

from __future__ import annotations

import re
from typing import Any

from litestar import Request
from opentelemetry import trace

_TYPED_PARAMETER = re.compile(r"\{(\w+):\w+\}")


async def name_span_after_route(request: Request[Any, Any, Any]) -> None:
    template = request.scope.get("path_template")
    span = trace.get_current_span()
    if not template or not span.is_recording():
        return
    route = _TYPED_PARAMETER.sub(r"{\1}", str(template))
    span.update_name(f"{request.method} {route}")
    span.set_attribute("http.route", route)
