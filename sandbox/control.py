"""The control API under `/_sandbox`: config, reset, counters, posts, faults, consent, clock."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from litestar import Response, Router, delete, get, post

from sandbox.catalog import ENDPOINTS
from sandbox.config import patched
from sandbox.consent import Consent
from sandbox.faults import Fault
from sandbox.http import Req, json_response, read_json, state_of
from sandbox.replies import ProviderError, Reply
from sandbox.revocation import REVOCABLE, revoke_everything

T = TypeVar("T")


def bad_request(message: str) -> ProviderError:
    return ProviderError(Reply(status=400, body={"error": message}))


async def parse(request: Req, kind: type[T]) -> T:
    """The JSON body as `kind`, or a 400 naming what is wrong."""
    body = await read_json(request)
    if body is None:
        raise bad_request("The body must be a JSON object.")
    try:
        return msgspec.convert(body, kind)
    except msgspec.ValidationError as exc:
        raise bad_request(str(exc)) from exc


@get("/health")
async def health() -> dict[str, Any]:
    return {"ok": True}


@get("/endpoints")
async def endpoints() -> dict[str, Any]:
    return {provider: list(names) for provider, names in ENDPOINTS.items()}


@get("/config")
async def read_config(request: Req) -> dict[str, Any]:
    return msgspec.to_builtins(state_of(request).config)  # type: ignore[no-any-return]


@post("/config", status_code=200)
async def write_config(request: Req) -> dict[str, Any]:
    """Merge a partial config (one level deep per provider) and answer the whole config."""
    st, patch = state_of(request), await parse(request, dict[str, Any])
    try:
        st.config = patched(st.config, patch)
    except msgspec.ValidationError as exc:
        raise bad_request(str(exc)) from exc
    return msgspec.to_builtins(st.config)  # type: ignore[no-any-return]


class ResetRequest(msgspec.Struct, kw_only=True):
    keep_config: bool = False


@post("/reset", status_code=200)
async def reset(request: Req) -> dict[str, Any]:
    """Forget all provider data, counters, faults and consents (and config unless kept)."""
    body = await read_json(request)
    options = msgspec.convert(body or {}, ResetRequest)
    state_of(request).reset(keep_config=options.keep_config)
    return {"ok": True}


@get("/counters")
async def counters(request: Req) -> dict[str, Any]:
    return state_of(request).counters.snapshot()


@get("/posts")
async def posts(request: Req) -> dict[str, Any]:
    """Accepted posts, optionally `?provider=`."""
    found = state_of(request).counters.posts_for(request.query_params.get("provider"))
    return {"posts": msgspec.to_builtins(found), "count": len(found)}


@get("/faults")
async def list_faults(request: Req) -> dict[str, Any]:
    return {"faults": msgspec.to_builtins(state_of(request).faults.faults)}


@post("/faults", status_code=201)
async def add_fault(request: Req) -> Response[Any]:
    """Add a fault rule; the answer carries its id."""
    fault = await parse(request, Fault)
    names = ENDPOINTS.get(fault.provider)
    if names is None or (fault.endpoint != "*" and fault.endpoint not in names):
        raise bad_request(f"Unknown provider/endpoint: {fault.provider}/{fault.endpoint}.")
    if (fault.times is not None and fault.times < 1) or not 400 <= fault.status <= 599:
        raise bad_request("times must be at least 1 and status between 400 and 599.")
    return json_response(msgspec.to_builtins(state_of(request).faults.add(fault)), 201)


@delete("/faults", status_code=200)
async def clear_faults(request: Req) -> dict[str, Any]:
    state_of(request).faults.clear()
    return {"ok": True}


@delete("/faults/{fault_id:str}", status_code=200)
async def remove_fault(request: Req) -> dict[str, Any]:
    return {"removed": state_of(request).faults.remove(request.path_params["fault_id"])}


@post("/consent", status_code=201)
async def add_consent(request: Req) -> dict[str, Any]:
    """Script the next consent answers: deny, grant fewer scopes, or pick the account."""
    consent = await parse(request, Consent)
    if consent.provider not in ("tiktok", "mastodon") or consent.times < 1:
        raise bad_request("provider must be tiktok or mastodon, times at least 1.")
    state_of(request).consents.add(consent)
    return msgspec.to_builtins(consent)  # type: ignore[no-any-return]


class RevokeRequest(msgspec.Struct, kw_only=True):
    provider: str


@post("/revoke", status_code=200)
async def revoke(request: Req) -> dict[str, Any]:
    """The user withdraws consent at `provider`: every token issued so far stops working."""
    body = await parse(request, RevokeRequest)
    if body.provider not in REVOCABLE:
        raise bad_request(f"provider must be one of {', '.join(REVOCABLE)}.")
    return {"revoked": revoke_everything(state_of(request), body.provider)}


class ClockRequest(msgspec.Struct, kw_only=True):
    advance_s: float


@post("/clock", status_code=200)
async def advance_clock(request: Req) -> dict[str, Any]:
    """Move sandbox time forward: tokens and codes expire, rate-limit windows end."""
    body = await parse(request, ClockRequest)
    return {"now": state_of(request).clock.advance(body.advance_s)}


def control_router(provider_handlers: list[Any]) -> Router:
    return Router(
        path="/_sandbox",
        route_handlers=[
            health,
            endpoints,
            read_config,
            write_config,
            reset,
            counters,
            posts,
            list_faults,
            add_fault,
            clear_faults,
            remove_fault,
            add_consent,
            revoke,
            advance_clock,
            *provider_handlers,
        ],
    )
