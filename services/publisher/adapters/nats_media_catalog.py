"""MediaCatalog over NATS RPC to media (`rpc.media.describe`, `rpc.media.sign_download`)."""

from __future__ import annotations

from services.publisher.domain.inputs import MediaInfo, MediaKind
from services.publisher.ports.media_catalog import MediaUnavailable
from shared.contracts.media import (
    DESCRIBE,
    SIGN_DOWNLOAD,
    DescribeMediaReply,
    DescribeMediaRequest,
    MediaView,
    SignDownloadRequest,
    SignedUrlReply,
)
from shared.errors import Problem
from shared.messaging.rpc import RpcClient
from shared.tenancy import RequestContext, TenantId


class NatsMediaCatalog:
    def __init__(self, rpc: RpcClient) -> None:
        self._rpc = rpc

    async def describe(self, *, tenant_id: str, media_ids: list[str]) -> dict[str, MediaInfo]:
        if not media_ids:
            return {}
        request = DescribeMediaRequest(ctx=_system(tenant_id), media_ids=media_ids)
        try:
            reply = await self._rpc.call(DESCRIBE, request, DescribeMediaReply)
        except Problem as problem:
            raise MediaUnavailable(problem.code) from problem
        # Media answers only for the workspace in ctx; other ids come back as `missing`.
        return {item.id: _info(item, tenant_id) for item in reply.items}

    async def download_url(self, *, tenant_id: str, media_id: str, ttl_s: int) -> str:
        request = SignDownloadRequest(ctx=_system(tenant_id), media_id=media_id, ttl_s=ttl_s)
        try:
            signed = await self._rpc.call(SIGN_DOWNLOAD, request, SignedUrlReply)
        except Problem as problem:
            raise MediaUnavailable(problem.code) from problem
        return signed.url


def _info(item: MediaView, tenant_id: str) -> MediaInfo:
    probe = item.probe
    kind = MediaKind.VIDEO if item.kind == "video" else MediaKind.IMAGE
    if item.kind == "image" and item.content_type == "image/gif":
        kind = MediaKind.GIF
    # An item not yet classified is reported as not ready, whatever its status says.
    status = item.status if item.kind is not None else "processing"
    return MediaInfo(
        id=item.id,
        tenant_id=tenant_id,
        kind=kind,
        status=status,
        mime=item.content_type,
        size_bytes=item.size or 0,
        duration_s=probe.duration_s if probe else None,
        width=probe.width if probe else None,
        height=probe.height if probe else None,
        fps=probe.fps if probe else None,
    )


def _system(tenant_id: str) -> RequestContext:
    return RequestContext(tenant_id=TenantId(tenant_id), actor="system")
