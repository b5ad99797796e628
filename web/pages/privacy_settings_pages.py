"""Retention settings (owners change them) and the disclosure ledger (owners and admins)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, api, back_to, field_errors, render
from web.pages.once import current_role

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
# Field, label, hint: the bounds are the API's (it lists every value out of them).
RETENTION_FIELDS = (
    ("audit_trail_days", "Audit trail", "30 to 3650 days"),
    ("ops_log_days", "Operational log", "1 to 365 days"),
    ("media_after_publish_days", "Media after publishing", "1 to 3650 days"),
    ("drafts_days", "Untouched drafts", "1 to 3650 days"),
)
_PROVIDER = re.compile(r"[a-z][a-z0-9_]{0,39}")
_DISCLOSURE_CURSOR = re.compile(r"[0-9]{13}:[A-Za-z0-9_]{1,64}")


class RetentionPages(Controller):
    path = "/privacy/retention"

    @get("/")
    async def show(self, request: AnyRequest) -> Template:
        values = await api(request, "GET", "/v1/settings/retention")
        return await _retention(request, values=values)

    @post("/")
    async def save(self, request: AnyRequest, data: Form) -> Template | Redirect:
        sent: dict[str, Any] = {}
        typed: dict[str, str] = {}
        errors: dict[str, str] = {}
        for name, _label, _hint in RETENTION_FIELDS:
            typed[name] = data.get(name, "").strip()[:10]
            try:
                sent[name] = int(typed[name])
            except ValueError:
                errors[name] = "Enter a whole number of days."
        if errors:
            return await _retention(request, values=typed, errors=errors, status=422)
        try:
            await api(request, "PUT", "/v1/settings/retention", json=sent)
        except ApiProblem as problem:
            errors = field_errors(problem) or {"": problem.detail}
            return await _retention(request, values=typed, errors=errors, status=problem.status)
        return back_to("/privacy/retention", "Retention saved.", request=request)


class DisclosurePages(Controller):
    path = "/privacy/disclosures"

    @get("/")
    async def ledger(self, request: AnyRequest) -> Template:
        query = request.query_params
        provider = str(query.get("provider", ""))
        cursor = str(query.get("cursor", ""))
        params = {"limit": "50"}
        if _PROVIDER.fullmatch(provider):
            params["provider"] = provider
        if _DISCLOSURE_CURSOR.fullmatch(cursor):
            params["cursor"] = cursor
        page = await api(request, "GET", "/v1/privacy/disclosures", params=params)
        providers = (await api(request, "GET", "/v1/providers"))["items"]
        return await render(
            request,
            "privacy/disclosures.html",
            items=page["items"],
            next_cursor=page.get("next_cursor"),
            provider=params.get("provider", ""),
            providers=providers,
        )


async def _retention(
    request: AnyRequest,
    *,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Template:
    role = await current_role(request)
    return await render(
        request,
        "privacy/retention.html",
        status_code=status,
        fields=RETENTION_FIELDS,
        values=values,
        errors=errors or {},
        editable=role == "owner",
    )
