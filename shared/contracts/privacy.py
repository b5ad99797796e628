"""Data-subject requests: what the gateway asks audit, and what audit's saga asks every service."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import msgspec

from shared.contracts.rpc import RpcRequest, rpc_subject

SERVICES = ("auth", "media", "publisher", "audit")
# Erasure goes from what uses the data to what proves the request: publishing stops first,
# auth revokes tokens and forgets the account, audit pseudonymises the trail last.
ERASURE_ORDER = ("publisher", "media", "auth", "audit")


def export_subject(service: str) -> str:
    return rpc_subject(service, "export_subject")


def erase_subject(service: str) -> str:
    return rpc_subject(service, "erase_subject")


def rectify_subject(service: str) -> str:
    return rpc_subject(service, "rectify_subject")


SCOPE = rpc_subject("auth", "privacy_scope")
CREATE_REQUEST = rpc_subject("audit", "privacy.create")
GET_REQUEST = rpc_subject("audit", "privacy.get")
DOWNLOAD = rpc_subject("audit", "privacy.download")


class RequestKind(enum.StrEnum):
    EXPORT = "export"
    ERASURE = "erasure"
    RECTIFICATION = "rectification"


class SubjectKind(enum.StrEnum):
    USER = "user"
    WORKSPACE = "workspace"


class Changes(
    msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True, forbid_unknown_fields=True
):
    """Corrections a rectification carries: a user's e-mail, a workspace's name."""

    email: str | None = None
    workspace_name: str | None = None


class SubjectRef(msgspec.Struct, frozen=True, kw_only=True):
    """Whom a request is about and where their data lives.

    `whole_workspaces` are erased or exported entirely (the workspace itself, or a user's
    workspaces in which nobody else is a member); in `member_workspaces` only what is the
    user's own is touched. `identifiers` are further strings that name the subject (e-mail).
    """

    kind: SubjectKind
    id: str
    workspace_id: str
    whole_workspaces: list[str] = msgspec.field(default_factory=list)
    member_workspaces: list[str] = msgspec.field(default_factory=list)
    identifiers: list[str] = msgspec.field(default_factory=list)


# Saga calls (audit -> every service). `ctx` carries the requesting workspace.


class SubjectCall(RpcRequest, frozen=True, kw_only=True):
    request_id: str
    subject: SubjectRef


class RectifyCall(RpcRequest, frozen=True, kw_only=True):
    request_id: str
    subject: SubjectRef
    changes: Changes


class ServicePart(msgspec.Struct, frozen=True, kw_only=True):
    """One service's answer: counts per kind of record (and the records, for an export)."""

    service: str
    counts: dict[str, int] = msgspec.field(default_factory=dict)
    records: dict[str, list[dict[str, Any]]] = msgspec.field(default_factory=dict)
    notes: list[str] = msgspec.field(default_factory=list)


class ScopeCall(RpcRequest, frozen=True, kw_only=True):
    subject_kind: SubjectKind


class Scope(msgspec.Struct, frozen=True, kw_only=True):
    """Auth's view of a subject; `blocked_by` lists workspaces that refuse the erasure."""

    subject: SubjectRef
    blocked_by: list[str] = msgspec.field(default_factory=list)


# Gateway -> audit.


class CreatePrivacyRequest(RpcRequest, frozen=True, kw_only=True):
    kind: RequestKind
    subject: SubjectKind
    changes: Changes | None = None
    idempotency_key: str = ""


class GetPrivacyRequest(RpcRequest, frozen=True, kw_only=True):
    request_id: str


class StepView(msgspec.Struct, frozen=True, kw_only=True):
    service: str
    status: str
    counts: dict[str, int] = msgspec.field(default_factory=dict)
    error: str = ""


class Progress(msgspec.Struct, frozen=True, kw_only=True):
    done: int
    total: int


class PrivacyRequestView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    kind: RequestKind
    subject: SubjectKind
    status: str
    progress: Progress
    results: list[StepView]
    created_at: datetime
    deadline: datetime
    completed_at: datetime | None = None
    download_expires_at: datetime | None = None
    replayed: bool = False


class PrivacyBundle(msgspec.Struct, frozen=True, kw_only=True):
    """The export: one part per service, as each assembled it."""

    request_id: str
    generated_at: datetime
    subject: SubjectKind
    parts: list[ServicePart]
