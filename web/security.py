"""Response headers every page carries: a strict Content-Security-Policy and friends."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from web.settings import WebSettings


def content_security_policy(settings: WebSettings) -> str:
    """Scripts and styles from this origin only (no inline code); media from the data plane.

    No form-action directive: connecting an account posts a form whose answer redirects to the
    provider's consent page, and Chromium applies form-action to that redirect.
    """
    media = " ".join(settings.media_origins)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: blob: {media}".rstrip(),
            f"media-src 'self' blob: {media}".rstrip(),
            f"connect-src 'self' {media}".rstrip(),
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(settings: WebSettings) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if settings.secure_cookies:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def header_hook(settings: WebSettings) -> Callable[[Message, Scope], Awaitable[None]]:
    """A before_send hook that sets the headers on every response (pages, errors, assets)."""
    fixed = security_headers(settings)

    async def add(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in fixed.items():
            headers[name] = value
        if not scope["path"].startswith("/static/"):
            headers.setdefault("Cache-Control", "no-store")

    return add
