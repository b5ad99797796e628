"""Contracts of the audit service: trail, chain verification and the operational log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

import msgspec

from shared.contracts.envelope import Event
from shared.contracts.rpc import RpcRequest, health_subject, rpc_subject

SERVICE = "audit"
HEALTH = health_subject(SERVICE)
TRAIL = rpc_subject(SERVICE, "trail")
VERIFY = rpc_subject(SERVICE, "verify")
OPS_LOG = rpc_subject(SERVICE, "ops_log")
RETENTION_GET = rpc_subject(SERVICE, "retention.get")
RETENTION_PUT = rpc_subject(SERVICE, "retention.put")


class ReadTrail(RpcRequest, frozen=True, kw_only=True):
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    event_type: str | None = None
    actor: str | None = None
    subject: str | None = None
    cursor: str | None = None
    limit: int = 50


class TrailItem(msgspec.Struct, frozen=True, kw_only=True):
    seq: int
    event_id: str
    event_type: str
    actor: str
    subject: str
    occurred_at: datetime
    payload: dict[str, Any]
    hash: str
    prev_hash: str
    redacted: bool = False


class TrailPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[TrailItem]
    next_cursor: str | None = None


class VerifyTrail(RpcRequest, frozen=True, kw_only=True):
    """Recompute the workspace's chain."""


class ChainVerification(msgspec.Struct, frozen=True, kw_only=True):
    ok: bool
    entries: int
    first_broken_seq: int | None = None
    first_broken_event_id: str | None = None
    reason: str = ""


class ReadOpsLog(RpcRequest, frozen=True, kw_only=True):
    cursor: str | None = None
    limit: int = 50


class OpsItem(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    kind: str
    level: str
    occurred_at: datetime
    summary: str
    trace_id: str = ""
    subject: str = ""
    details: dict[str, Any] = msgspec.field(default_factory=dict)


class OpsPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[OpsItem]
    next_cursor: str | None = None


class Retention(msgspec.Struct, frozen=True, kw_only=True):
    """Days each kind of data is kept, within the bounds the schema states."""

    audit_trail_days: Annotated[int, msgspec.Meta(ge=30, le=3650)]
    ops_log_days: Annotated[int, msgspec.Meta(ge=1, le=365)]
    media_after_publish_days: Annotated[int, msgspec.Meta(ge=1, le=3650)]
    drafts_days: Annotated[int, msgspec.Meta(ge=1, le=3650)]


class GetRetention(RpcRequest, frozen=True, kw_only=True):
    """The workspace's retention settings."""


class PutRetention(RpcRequest, frozen=True, kw_only=True):
    settings: Retention


class RetentionChanged(Event, frozen=True, kw_only=True):
    """A workspace changed how long its data is kept; every service applies it."""

    service: ClassVar[str] = "audit"
    name: ClassVar[str] = "retention_changed"
    settings: Retention
