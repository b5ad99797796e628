"""Reading finished spans: a request's trace, spans by attribute, leaks of secrets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind

from shared.telemetry import WORKSPACE_ATTRIBUTE


def attributes(span: ReadableSpan) -> dict[str, Any]:
    return dict(span.attributes or {})


def gateway_trace(spans: Iterable[ReadableSpan], route: str) -> int:
    """The trace id of the gateway's server span named after `route` (method and template)."""
    for span in spans:
        if span.kind == SpanKind.SERVER and span.name == route:
            return span.context.trace_id
    raise AssertionError(f"no gateway server span {route!r}")


def in_trace(spans: Iterable[ReadableSpan], trace_id: int) -> list[ReadableSpan]:
    return [s for s in spans if s.context.trace_id == trace_id]


def workspace_of(span: ReadableSpan) -> Any:
    return attributes(span).get(WORKSPACE_ATTRIBUTE)


def url_of(span: ReadableSpan) -> str:
    """The URL of an httpx client span (new or old HTTP semantic conventions)."""
    values = attributes(span)
    return str(values.get("url.full") or values.get("http.url") or "")


def leaks(spans: Iterable[ReadableSpan], secrets: Sequence[str]) -> list[tuple[str, str]]:
    """(span name, secret) for every secret found in a span's name, attributes or events."""
    found: list[tuple[str, str]] = []
    for span in spans:
        text = repr(
            (
                span.name,
                attributes(span),
                [(e.name, dict(e.attributes or {})) for e in span.events],
                [dict(link.attributes or {}) for link in span.links],
            )
        )
        found += [(span.name, secret) for secret in secrets if secret and secret in text]
    return found
