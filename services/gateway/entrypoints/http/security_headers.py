"""Security headers on every response, errors included (an ASGI before_send hook)."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
# The interactive API docs load their own scripts and styles; they keep every header but CSP.
DOCS_PREFIX = "/schema"


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    is_docs_page = scope.get("path", "").startswith(DOCS_PREFIX)
    for name, value in API_HEADERS.items():
        if is_docs_page and name == "Content-Security-Policy":
            continue
        headers[name] = value
