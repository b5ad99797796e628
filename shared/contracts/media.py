"""Contracts of the media service: its RPC subjects and the events it emits (`evt.media.*`).

Bytes never cross NATS: uploads and downloads go through signed, expiring URLs of the media
service's HTTP data plane; these messages carry metadata only.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

import msgspec

from shared.contracts.envelope import Event
from shared.contracts.rpc import RpcRequest, health_subject, rpc_subject

SERVICE = "media"
HEALTH = health_subject(SERVICE)
CREATE_UPLOAD = rpc_subject(SERVICE, "create_upload")
IMPORT = rpc_subject(SERVICE, "import")
LIST = rpc_subject(SERVICE, "list")
GET = rpc_subject(SERVICE, "get")
DESCRIBE = rpc_subject(SERVICE, "describe")
DELETE = rpc_subject(SERVICE, "delete")
SIGN_DOWNLOAD = rpc_subject(SERVICE, "sign_download")
OPEN_STREAM = rpc_subject(SERVICE, "open_stream")
REVIEW = rpc_subject(SERVICE, "review")
ATTACH = rpc_subject(SERVICE, "attach")
GET_SETTINGS = rpc_subject(SERVICE, "get_settings")
SET_SETTINGS = rpc_subject(SERVICE, "set_settings")

MediaStatusName = Literal["uploading", "processing", "pending_review", "ready", "rejected"]


class ProbeView(msgspec.Struct, frozen=True, kw_only=True):
    """Measured properties; `duration_s`, `codec` and `fps` are set for videos only."""

    format: str
    width: int
    height: int
    duration_s: float | None = None
    codec: str = ""
    fps: float | None = None


class MediaView(msgspec.Struct, frozen=True, kw_only=True):
    """A media item as callers see it; `reason` explains a rejection with a stable code."""

    id: str
    kind: Literal["image", "video"] | None
    content_type: str
    filename: str
    status: MediaStatusName
    source: Literal["upload", "import"]
    size: int | None = None
    sha256: str = ""
    probe: ProbeView | None = None
    reason: str = ""
    reason_detail: str = ""
    created_at: datetime
    created_by: str
    attached: bool = False


class CreateUploadRequest(RpcRequest, frozen=True, kw_only=True):
    """`idempotency_key` (per workspace): a repeat answers the first media, `replayed`."""

    filename: str
    content_type: str
    size: int
    idempotency_key: str = ""


class CreateUploadReply(msgspec.Struct, frozen=True, kw_only=True):
    """PUT the bytes (exactly `size` of them) to `upload_url` before `expires_at`; once.

    A replay gets a fresh URL (the unused first one stops working); `upload_url` is empty when
    the first upload already started.
    """

    media: MediaView
    upload_url: str
    upload_method: str = "PUT"
    expires_at: datetime
    replayed: bool = False


class ImportMediaRequest(RpcRequest, frozen=True, kw_only=True):
    url: str
    idempotency_key: str = ""


class ImportMediaReply(msgspec.Struct, frozen=True, kw_only=True):
    """The accepted import (status `uploading` until fetched); `replayed` for a repeated key."""

    media: MediaView
    replayed: bool = False


class ListMediaRequest(RpcRequest, frozen=True, kw_only=True):
    cursor: str | None = None
    limit: int = 50
    status: MediaStatusName | None = None


class MediaPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[MediaView]
    next_cursor: str | None = None


class MediaIdRequest(RpcRequest, frozen=True, kw_only=True):
    """get, delete, open_stream: one media item of the caller's workspace."""

    media_id: str


class DescribeMediaRequest(RpcRequest, frozen=True, kw_only=True):
    media_ids: list[str]


class DescribeMediaReply(msgspec.Struct, frozen=True, kw_only=True):
    items: list[MediaView]
    missing: list[str] = msgspec.field(default_factory=list)


class DeletedReply(msgspec.Struct, frozen=True, kw_only=True):
    media_id: str


class SignDownloadRequest(RpcRequest, frozen=True, kw_only=True):
    media_id: str
    ttl_s: int | None = None


class SignedUrlReply(msgspec.Struct, frozen=True, kw_only=True):
    """An expiring GET URL; the response is an attachment with `nosniff`."""

    url: str
    expires_at: datetime


class ReviewMediaRequest(RpcRequest, frozen=True, kw_only=True):
    media_id: str
    decision: Literal["approve", "reject"]
    reason: str = ""


class AttachMediaRequest(RpcRequest, frozen=True, kw_only=True):
    """Marks media as used by a post: attached media follows the workspace's retention."""

    media_ids: list[str]
    post_id: str


class MediaSettingsRequest(RpcRequest, frozen=True, kw_only=True):
    """Reads the workspace's media settings."""


class SetMediaSettingsRequest(RpcRequest, frozen=True, kw_only=True):
    """Replaces the workspace's media settings (owner or admin)."""

    review_required: bool
    retention_days: int | None = None


class MediaSettingsView(msgspec.Struct, frozen=True, kw_only=True):
    review_required: bool
    retention_days: int | None = None


class MediaEvent(Event, frozen=True, kw_only=True):
    service: ClassVar[str] = SERVICE
    media_id: str


class MediaUploaded(MediaEvent, frozen=True, kw_only=True):
    """All bytes arrived and passed the streaming checks; probing starts."""

    name: ClassVar[str] = "uploaded"
    content_type: str
    size: int
    sha256: str
    source: str


class MediaReady(MediaEvent, frozen=True, kw_only=True):
    """The media passed probing (and review, when required) and may be used in posts."""

    name: ClassVar[str] = "ready"
    kind: str
    content_type: str
    size: int
    sha256: str
    probe: ProbeView


class MediaPendingReview(MediaEvent, frozen=True, kw_only=True):
    """The media passed probing and waits for an owner or admin to review it."""

    name: ClassVar[str] = "pending_review"


class MediaRejected(MediaEvent, frozen=True, kw_only=True):
    """The media was refused (checks, probing or review); its bytes are not kept."""

    name: ClassVar[str] = "rejected"
    reason: str
    detail: str = ""


class MediaDeleted(MediaEvent, frozen=True, kw_only=True):
    """The record and its bytes are gone; `cause` is `deleted`, `unattached_expired` or
    `retention_expired`."""

    name: ClassVar[str] = "deleted"
    cause: str
