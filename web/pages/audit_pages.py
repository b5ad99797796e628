"""The audit trail (filters, cursor pages, chain verification) and the operational log."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from litestar import Controller, get
from litestar.response import Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, api, render
from web.pages.once import member_emails
from web.pages.post_status import zone

_CURSOR = re.compile(r"[0-9]{1,20}")
FILTERS = ("from", "to", "type", "actor")


class AuditPages(Controller):
    path = "/audit"

    @get("/")
    async def trail(self, request: AnyRequest) -> Template:
        return await _trail(request, verification=None)

    @get("/verify")
    async def verify(self, request: AnyRequest) -> Template:
        """The chain recomputed by the audit service; htmx swaps in the result alone."""
        result = await api(request, "GET", "/v1/audit/verify")
        if request.headers.get("hx-request"):
            return Template(template_name="audit/_chain.html", context={"chain": result})
        return await _trail(request, verification=result)


class OpsPages(Controller):
    path = "/ops"

    @get("/")
    async def log(self, request: AnyRequest) -> Template:
        params = {"limit": "50"} | _cursor(request)
        page = await api(request, "GET", "/v1/ops/logs", params=params)
        return await render(
            request, "audit/ops.html", items=page["items"], next_cursor=page.get("next_cursor")
        )


def local_to_utc(value: str, zone_name: str) -> str | None:
    """A `datetime-local` value in the person's zone as an RFC 3339 instant; None if blank."""
    if not value:
        return None
    try:
        local = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("Use a date and time such as 2026-05-01T09:00.") from exc
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone(zone_name))
    return local.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _cursor(request: AnyRequest) -> dict[str, str]:
    cursor = request.query_params.get("cursor", "")
    return {"cursor": cursor} if _CURSOR.fullmatch(cursor) else {}


async def _trail(request: AnyRequest, *, verification: dict[str, Any] | None) -> Template:
    query = request.query_params
    chosen = {name: str(query.get(name, ""))[:100] for name in FILTERS}
    zone_name = request.cookies.get("tz", "UTC")
    errors: dict[str, str] = {}
    params: dict[str, str] = {"limit": "50"} | _cursor(request)
    for name in ("from", "to"):
        try:
            instant = local_to_utc(chosen[name], zone_name)
        except ValueError as exc:
            errors[name] = str(exc)
            continue
        if instant:
            params[name] = instant
    for name in ("type", "actor"):
        if chosen[name]:
            params[name] = chosen[name]
    items: list[dict[str, Any]] = []
    next_cursor = None
    if not errors:
        try:
            page = await api(request, "GET", "/v1/audit/events", params=params)
        except ApiProblem as problem:
            if problem.status != 400:
                raise
            errors[""] = problem.detail
        else:
            items, next_cursor = page["items"], page.get("next_cursor")
    emails = await member_emails(request)
    filters = {k: v for k, v in chosen.items() if v}
    return await render(
        request,
        "audit/trail.html",
        items=items,
        next_cursor=next_cursor,
        chosen=chosen,
        filters=filters,
        errors=errors,
        emails=emails,
        zone_name=zone_name,
        chain=verification,
    )
