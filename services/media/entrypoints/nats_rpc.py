"""Request/reply handlers of `rpc.media.*`: decode, run one use case, answer a contract."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from faststream.nats import NatsBroker

from services.media.app.attach_media import attach_media
from services.media.app.context import MediaContext
from services.media.app.create_upload import create_upload
from services.media.app.delete_media import delete_media
from services.media.app.get_media import describe_media, get_media
from services.media.app.list_media import list_media
from services.media.app.review_media import review_media
from services.media.app.sign_download import open_stream, sign_download
from services.media.app.start_import import start_import
from services.media.app.views import media_view
from services.media.app.workspace_settings import get_workspace_settings, set_workspace_settings
from services.media.domain.media import MediaStatus, ReviewDecision
from services.media.domain.workspace_settings import WorkspaceMediaSettings
from services.media.entrypoints.problems import as_problems
from shared.contracts import media as contract
from shared.contracts.rpc import RpcRequest
from shared.messaging.rpc import rpc_handler

Req = TypeVar("Req", bound=RpcRequest)


class MediaRpc:
    """One method per subject; each takes the caller's `ctx` exactly as the gateway set it."""

    def __init__(self, ctx: MediaContext) -> None:
        self._ctx = ctx

    async def create_upload(self, req: contract.CreateUploadRequest) -> contract.CreateUploadReply:
        """Register an upload; the bytes go to the returned URL."""
        ticket = await create_upload(
            self._ctx,
            req.ctx,
            filename=req.filename,
            content_type=req.content_type,
            size=req.size,
            idempotency_key=req.idempotency_key,
        )
        return contract.CreateUploadReply(
            media=media_view(ticket.media),
            upload_url=ticket.url,
            expires_at=ticket.expires_at,
            replayed=ticket.replayed,
        )

    async def import_url(self, req: contract.ImportMediaRequest) -> contract.ImportMediaReply:
        """Accept an import; the fetch continues in a worker."""
        media, replayed = await start_import(
            self._ctx, req.ctx, url=req.url, idempotency_key=req.idempotency_key
        )
        return contract.ImportMediaReply(media=media_view(media), replayed=replayed)

    async def list(self, req: contract.ListMediaRequest) -> contract.MediaPage:
        """One page of the workspace's media, newest first."""
        status = None if req.status is None else MediaStatus(req.status)
        items, cursor = await list_media(
            self._ctx, req.ctx, cursor=req.cursor, limit=req.limit, status=status
        )
        return contract.MediaPage(items=[media_view(m) for m in items], next_cursor=cursor)

    async def get(self, req: contract.MediaIdRequest) -> contract.MediaView:
        """One media item of the workspace."""
        return media_view(await get_media(self._ctx, req.ctx, media_id=req.media_id))

    async def describe(self, req: contract.DescribeMediaRequest) -> contract.DescribeMediaReply:
        """Several items at once, for the publisher's checks against provider limits."""
        items, missing = await describe_media(self._ctx, req.ctx, media_ids=req.media_ids)
        return contract.DescribeMediaReply(items=[media_view(m) for m in items], missing=missing)

    async def delete(self, req: contract.MediaIdRequest) -> contract.DeletedReply:
        """Delete the record and its bytes."""
        await delete_media(self._ctx, req.ctx, media_id=req.media_id)
        return contract.DeletedReply(media_id=req.media_id)

    async def sign_download(self, req: contract.SignDownloadRequest) -> contract.SignedUrlReply:
        """A public, expiring download URL."""
        url, expires_at = await sign_download(
            self._ctx, req.ctx, media_id=req.media_id, ttl_s=req.ttl_s
        )
        return contract.SignedUrlReply(url=url, expires_at=expires_at)

    async def open_stream(self, req: contract.MediaIdRequest) -> contract.SignedUrlReply:
        """An internal, expiring URL to stream a ready item from."""
        url, expires_at = await open_stream(self._ctx, req.ctx, media_id=req.media_id)
        return contract.SignedUrlReply(url=url, expires_at=expires_at)

    async def review(self, req: contract.ReviewMediaRequest) -> contract.MediaView:
        """Approve or reject media waiting in review (owner or admin)."""
        media = await review_media(
            self._ctx,
            req.ctx,
            media_id=req.media_id,
            decision=ReviewDecision(req.decision),
            reason=req.reason,
        )
        return media_view(media)

    async def attach(self, req: contract.AttachMediaRequest) -> contract.DescribeMediaReply:
        """Mark media as used by a post (retention then follows the workspace's period)."""
        attached, missing = await attach_media(self._ctx, req.ctx, media_ids=req.media_ids)
        items, _ = await describe_media(self._ctx, req.ctx, media_ids=attached)
        return contract.DescribeMediaReply(items=[media_view(m) for m in items], missing=missing)

    async def get_settings(self, req: contract.MediaSettingsRequest) -> contract.MediaSettingsView:
        """The workspace's review gate and retention."""
        return _settings_view(await get_workspace_settings(self._ctx, req.ctx))

    async def set_settings(
        self, req: contract.SetMediaSettingsRequest
    ) -> contract.MediaSettingsView:
        """Replace the workspace's media settings."""
        saved = await set_workspace_settings(
            self._ctx,
            req.ctx,
            review_required=req.review_required,
            retention_days=req.retention_days,
        )
        return _settings_view(saved)


def register_media_rpc(broker: NatsBroker, ctx: MediaContext, *, queue: str) -> None:
    """Subscribe every `rpc.media.*` subject in the service's queue group."""
    rpc = MediaRpc(ctx)
    _route(broker, queue, contract.CREATE_UPLOAD, contract.CreateUploadRequest, rpc.create_upload)
    _route(broker, queue, contract.IMPORT, contract.ImportMediaRequest, rpc.import_url)
    _route(broker, queue, contract.LIST, contract.ListMediaRequest, rpc.list)
    _route(broker, queue, contract.GET, contract.MediaIdRequest, rpc.get)
    _route(broker, queue, contract.DESCRIBE, contract.DescribeMediaRequest, rpc.describe)
    _route(broker, queue, contract.DELETE, contract.MediaIdRequest, rpc.delete)
    _route(broker, queue, contract.SIGN_DOWNLOAD, contract.SignDownloadRequest, rpc.sign_download)
    _route(broker, queue, contract.OPEN_STREAM, contract.MediaIdRequest, rpc.open_stream)
    _route(broker, queue, contract.REVIEW, contract.ReviewMediaRequest, rpc.review)
    _route(broker, queue, contract.ATTACH, contract.AttachMediaRequest, rpc.attach)
    _route(broker, queue, contract.GET_SETTINGS, contract.MediaSettingsRequest, rpc.get_settings)
    _route(broker, queue, contract.SET_SETTINGS, contract.SetMediaSettingsRequest, rpc.set_settings)


def _route(
    broker: NatsBroker,
    queue: str,
    subject: str,
    request_type: type[Req],
    handler: Callable[[Req], Awaitable[Any]],
) -> None:
    async def translated(request: Req) -> Any:
        with as_problems():
            return await handler(request)

    rpc_handler(broker, subject, queue=queue, request_type=request_type)(translated)


def _settings_view(settings: WorkspaceMediaSettings) -> contract.MediaSettingsView:
    return contract.MediaSettingsView(
        review_required=settings.review_required, retention_days=settings.retention_days
    )
