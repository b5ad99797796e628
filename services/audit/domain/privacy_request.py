"""A data-subject request as a saga: one step per service, each done once, in a fixed order."""

from __future__ import annotations

import enum
import hashlib
from datetime import UTC, datetime, timedelta

import msgspec

from shared.contracts.privacy import (
    ERASURE_ORDER,
    SERVICES,
    Changes,
    RequestKind,
    SubjectKind,
    SubjectRef,
)

# GDPR art. 12(3): without undue delay and in any event within one month of receipt.
LEGAL_DELAY = timedelta(days=30)
BUNDLE_KEPT = timedelta(days=7)
MAX_ATTEMPTS = 5
ERASED = "erased"
_canonical = msgspec.json.Encoder(order="sorted")


class Status(enum.StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class StepStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class Step(msgspec.Struct, frozen=True, kw_only=True):
    service: str
    status: StepStatus = StepStatus.PENDING
    counts: dict[str, int] = msgspec.field(default_factory=dict)
    attempts: int = 0
    error: str = ""


class PrivacyRequest(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    tenant_id: str
    requester: str
    kind: RequestKind
    subject: SubjectRef
    changes: Changes | None = None
    steps: list[Step]
    status: Status = Status.RUNNING
    created_ms: int
    deadline_ms: int
    completed_ms: int | None = None
    fence: int = 0

    def next_step(self) -> Step | None:
        return next((s for s in self.steps if s.status is StepStatus.PENDING), None)

    def done(self) -> int:
        return sum(1 for s in self.steps if s.status is StepStatus.DONE)


def opened(
    *,
    request_id: str,
    tenant_id: str,
    requester: str,
    kind: RequestKind,
    subject: SubjectRef,
    changes: Changes | None,
    now: datetime,
) -> PrivacyRequest:
    order = ERASURE_ORDER if kind is RequestKind.ERASURE else SERVICES
    return PrivacyRequest(
        id=request_id,
        tenant_id=tenant_id,
        requester=requester,
        kind=kind,
        subject=subject,
        changes=changes,
        steps=[Step(service=name) for name in order],
        created_ms=_ms(now),
        deadline_ms=_ms(now + LEGAL_DELAY),
    )


def step_done(request: PrivacyRequest, service: str, counts: dict[str, int]) -> PrivacyRequest:
    steps = [
        msgspec.structs.replace(s, status=StepStatus.DONE, counts=counts, error="")
        if s.service == service
        else s
        for s in request.steps
    ]
    return msgspec.structs.replace(request, steps=steps)


def step_failed(request: PrivacyRequest, service: str, error: str) -> PrivacyRequest:
    """Counted; after `MAX_ATTEMPTS` the step, and with it the request, has failed."""
    steps = []
    for s in request.steps:
        if s.service == service:
            attempts = s.attempts + 1
            status = StepStatus.FAILED if attempts >= MAX_ATTEMPTS else StepStatus.PENDING
            s = msgspec.structs.replace(s, attempts=attempts, status=status, error=error)
        steps.append(s)
    failed = any(s.status is StepStatus.FAILED for s in steps)
    return msgspec.structs.replace(
        request, steps=steps, status=Status.FAILED if failed else request.status
    )


def finished(request: PrivacyRequest, now: datetime) -> PrivacyRequest:
    """Completed. An erasure keeps only a tombstone: who and what it was about are gone."""
    done = msgspec.structs.replace(request, status=Status.COMPLETED, completed_ms=_ms(now))
    if request.kind is RequestKind.RECTIFICATION:
        return msgspec.structs.replace(done, changes=None)
    if request.kind is not RequestKind.ERASURE:
        return done
    anonymous = SubjectRef(kind=request.subject.kind, id="", workspace_id="")
    tenant = request.tenant_id
    if tenant in request.subject.whole_workspaces:
        tenant = f"{ERASED}_{request.id}"  # the erased workspace's id goes with it
    return msgspec.structs.replace(done, subject=anonymous, requester=ERASED, tenant_id=tenant)


def fingerprint(
    request_id: str, *, kind: RequestKind, subject: SubjectKind, changes: Changes | None
) -> str:
    """What an Idempotency-Key replay must match: the body, salted with the request id so two
    requests' fingerprints cannot be compared (the body may hold a new e-mail address)."""
    body = _canonical.encode({"kind": kind, "subject": subject, "changes": changes})
    return hashlib.sha256(request_id.encode() + b"|" + body).hexdigest()


def backoff_s(attempts: int) -> float:
    return float(min(60, 2**attempts))


def instant(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)
