"""Steps shared by the media tests: a caller's context, uploads over the data plane, waiting."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import httpx
import msgspec

from services.media.bootstrap import MediaService
from shared.contracts import media as contract
from shared.contracts.rpc import RpcRequest
from shared.errors import Problem
from shared.ids import new_id
from shared.messaging.rpc import RpcClient
from shared.tenancy import RequestContext, TenantId
from tests.support.waiting import eventually

T = TypeVar("T")
StartMedia = Callable[..., Awaitable[MediaService]]


async def call(service: MediaService, subject: str, request: RpcRequest, reply: type[T]) -> T:
    """An RPC exactly as the gateway makes it (over NATS, through the queue group)."""
    client = RpcClient(service.app.broker, timeout_s=5.0)
    return await client.call(subject, request, reply)


def payload(message: Any) -> dict[str, Any]:
    decoded: dict[str, Any] = msgspec.json.decode(message.data)
    return decoded


def member(role: str = "editor", tenant: str | None = None) -> RequestContext:
    """A caller as the gateway would describe it after verifying the credential."""
    return RequestContext(tenant_id=TenantId(tenant or new_id("t")), actor=new_id("usr"), role=role)


async def create(
    service: MediaService,
    ctx: RequestContext,
    *,
    filename: str = "photo.png",
    content_type: str = "image/png",
    size: int,
) -> contract.CreateUploadReply:
    request = contract.CreateUploadRequest(
        ctx=ctx, filename=filename, content_type=content_type, size=size
    )
    return await call(service, contract.CREATE_UPLOAD, request, contract.CreateUploadReply)


async def refused(awaitable: object) -> Problem:
    """The problem an RPC answered with (the test fails if it succeeded)."""
    try:
        await awaitable  # type: ignore[misc]
    except Problem as problem:
        return problem
    raise AssertionError("the call was expected to fail")


async def put(url: str, body: bytes | AsyncIterator[bytes], **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=30.0) as http:
        return await http.put(url, content=body, headers=headers)


async def upload(
    service: MediaService,
    ctx: RequestContext,
    data: bytes,
    *,
    filename: str = "photo.png",
    content_type: str = "image/png",
) -> contract.MediaView:
    """Create, PUT and wait until probing decided; returns the final view."""
    ticket = await create(
        service, ctx, filename=filename, content_type=content_type, size=len(data)
    )
    response = await put(ticket.upload_url, data)
    assert response.status_code == 200, response.text
    return await settled(service, ctx, ticket.media.id)


async def settled(service: MediaService, ctx: RequestContext, media_id: str) -> contract.MediaView:
    async def probe() -> contract.MediaView:
        request = contract.MediaIdRequest(ctx=ctx, media_id=media_id)
        return await call(service, contract.GET, request, contract.MediaView)

    return await eventually(probe, lambda m: m.status not in ("uploading", "processing"))


async def chunked(data: bytes, size: int = 16 * 1024) -> AsyncIterator[bytes]:
    """A body without Content-Length: limits must hold while it streams."""
    for start in range(0, len(data), size):
        yield data[start : start + size]
