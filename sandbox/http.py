"""Small request/response helpers shared by every provider's handlers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response
from litestar.datastructures import FormMultiDict

from sandbox.state import SandboxState
from sandbox.tokens import bearer

Req = Request[Any, Any, Any]


def state_of(request: Req) -> SandboxState:
    return cast(SandboxState, request.app.state["sandbox"])


def endpoint(provider: str, name: str, **extra: Any) -> dict[str, Any]:
    """Handler `opt` naming the provider endpoint, for counters, faults and rate limits."""
    return {"provider": provider, "endpoint": name, **extra}


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response[Any]:
    return Response(content=body, status_code=status, headers=dict(headers or {}))


def redirect(uri: str, params: Mapping[str, str]) -> Response[Any]:
    """A 302 to `uri` with `params` appended to its query (values URL-encoded)."""
    joiner = "&" if "?" in uri else "?"
    location = f"{uri}{joiner}{urlencode(params)}"
    return Response(content=b"", status_code=302, headers={"location": location})


def bearer_of(request: Req) -> str | None:
    return bearer(request.headers.get("authorization"))


async def read_json(request: Req) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is missing, malformed or not an object."""
    try:
        value = msgspec.json.decode(await request.body())
    except msgspec.DecodeError:
        return None
    return value if isinstance(value, dict) else None


async def read_form(request: Req) -> FormMultiDict:
    """A urlencoded or multipart body; an empty mapping for any other content type."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return await request.form()
    return FormMultiDict()


async def read_fields(request: Req) -> dict[str, Any]:
    """Parameters sent as JSON or as a form (Mastodon accepts both); lists keep `name[]` values."""
    if request.headers.get("content-type", "").startswith("application/json"):
        return await read_json(request) or {}
    form = await read_form(request)
    fields: dict[str, Any] = {}
    for key in form:
        values = form.getall(key)
        if key.endswith("[]"):
            fields[key[:-2]] = values
        else:
            fields[key] = values[-1]
    return fields
