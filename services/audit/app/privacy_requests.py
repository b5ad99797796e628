"""Use cases: file a data-subject request, read it back, download its export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from services.audit.domain.privacy_request import (
    BUNDLE_KEPT,
    PrivacyRequest,
    Status,
    fingerprint,
    instant,
    opened,
)
from services.audit.ports.privacy_request_repository import (
    IdempotentRequest,
    PrivacyRequestRepository,
)
from services.audit.ports.subject_services import SubjectServices
from shared.contracts import privacy as p
from shared.errors import Problem, ProblemCode
from shared.ids import new_id

USER_PREFIX = "usr_"


async def file_request(
    repo: PrivacyRequestRepository,
    services: SubjectServices,
    request: p.CreatePrivacyRequest,
    *,
    now: datetime,
) -> p.PrivacyRequestView:
    """A user asks about themself, an owner about the workspace (auth checks both); the saga
    then runs in the background. The same Idempotency-Key with the same body answers the first
    request; with another body it is refused (422 `idempotency_key_reused`)."""
    tenant_id = request.ctx.require_tenant()
    actor = request.ctx.actor
    if not actor.startswith(USER_PREFIX):
        raise Problem("user_credential_required", "only a person can file a request", status=403)
    _check_changes(request)
    idempotency = f"{actor}|{request.idempotency_key}" if request.idempotency_key else ""
    if idempotency:
        earlier = await repo.by_idempotency(tenant_id=tenant_id, idempotency=idempotency)
        if earlier is not None:
            return _replay(earlier, request)
    scope = await services.scope(ctx=request.ctx, subject_kind=request.subject)
    if request.kind is p.RequestKind.ERASURE and scope.blocked_by:
        raise Problem(
            "last_owner",
            "you are the last owner of a workspace others still use: hand it over first",
            status=409,
            errors=[{"workspace_id": ws} for ws in scope.blocked_by],
        )
    filed = opened(
        request_id=new_id("dsr"),
        tenant_id=tenant_id,
        requester=actor,
        kind=request.kind,
        subject=scope.subject,
        changes=request.changes,
        now=now,
    )
    stored = await repo.add(
        filed, idempotency=idempotency or filed.id, fingerprint=_fingerprint(filed.id, request)
    )
    if stored is None:  # the same key, concurrently: answer the one that won
        winner = await repo.by_idempotency(tenant_id=tenant_id, idempotency=idempotency)
        if winner is None:
            raise Problem(ProblemCode.CONFLICT, "the request changed concurrently; try again")
        return _replay(winner, request)
    return view(stored)


def _replay(earlier: IdempotentRequest, request: p.CreatePrivacyRequest) -> p.PrivacyRequestView:
    found, stored_fingerprint = earlier
    if stored_fingerprint != _fingerprint(found.id, request):
        raise Problem(
            "idempotency_key_reused",
            "this Idempotency-Key was already used with a different request body",
            status=422,
        )
    return view(found, replayed=True)


def _fingerprint(request_id: str, request: p.CreatePrivacyRequest) -> str:
    return fingerprint(
        request_id, kind=request.kind, subject=request.subject, changes=request.changes
    )


async def read_request(
    repo: PrivacyRequestRepository, request: p.GetPrivacyRequest
) -> p.PrivacyRequestView:
    return view(await _visible(repo, request))


async def download(
    repo: PrivacyRequestRepository, request: p.GetPrivacyRequest, *, now: Callable[[], datetime]
) -> p.PrivacyBundle:
    """The export bundle while it is kept (seven days after completion)."""
    found = await _visible(repo, request)
    if found.kind is not p.RequestKind.EXPORT:
        raise Problem("not_an_export", "only an export request has a download", status=409)
    if found.status is not Status.COMPLETED or found.completed_ms is None:
        raise Problem("export_not_ready", "the export is still being assembled", status=409)
    generated = instant(found.completed_ms)
    if now() >= generated + BUNDLE_KEPT:
        raise Problem(
            "export_expired", "the download period is over; file a new request", status=410
        )
    parts = await repo.parts(tenant_id=found.tenant_id, request_id=found.id)
    order = {name: i for i, name in enumerate(p.SERVICES)}
    return p.PrivacyBundle(
        request_id=found.id,
        generated_at=generated,
        subject=found.subject.kind,
        parts=sorted(parts, key=lambda part: order.get(part.service, len(order))),
    )


async def _visible(repo: PrivacyRequestRepository, request: p.GetPrivacyRequest) -> PrivacyRequest:
    """Another workspace's request, or another member's, is simply not found."""
    tenant_id = request.ctx.require_tenant()
    found = await repo.get(tenant_id=tenant_id, request_id=request.request_id)
    visible = found is not None and (
        found.requester == request.ctx.actor
        or (found.subject.kind is p.SubjectKind.WORKSPACE and request.ctx.role == "owner")
    )
    if found is None or not visible:
        raise Problem(ProblemCode.NOT_FOUND, "privacy request not found")
    return found


def _check_changes(request: p.CreatePrivacyRequest) -> None:
    allowed = "email" if request.subject is p.SubjectKind.USER else "workspace_name"
    changes = request.changes
    if request.kind is not p.RequestKind.RECTIFICATION:
        if changes is not None:
            raise _invalid("changes", "only a rectification carries changes")
        return
    given = {} if changes is None else {k: v for k, v in _items(changes) if v is not None}
    if not given:
        raise _invalid("changes", f"a rectification of a {request.subject} corrects `{allowed}`")
    if set(given) != {allowed}:
        raise _invalid("changes", f"a {request.subject} rectification corrects `{allowed}` only")


def _items(changes: p.Changes) -> list[tuple[str, str | None]]:
    return [("email", changes.email), ("workspace_name", changes.workspace_name)]


def _invalid(field: str, message: str) -> Problem:
    return Problem(
        ProblemCode.VALIDATION_FAILED,
        "the request is not valid",
        errors=[{"field": field, "message": message}],
    )


def view(request: PrivacyRequest, *, replayed: bool = False) -> p.PrivacyRequestView:
    expires = None
    if request.kind is p.RequestKind.EXPORT and request.completed_ms is not None:
        expires = instant(request.completed_ms) + BUNDLE_KEPT
    return p.PrivacyRequestView(
        id=request.id,
        kind=request.kind,
        subject=request.subject.kind,
        status=request.status.value,
        progress=p.Progress(done=request.done(), total=len(request.steps)),
        results=[
            p.StepView(service=s.service, status=s.status.value, counts=s.counts, error=s.error)
            for s in request.steps
        ],
        created_at=instant(request.created_ms),
        deadline=instant(request.deadline_ms),
        completed_at=None if request.completed_ms is None else instant(request.completed_ms),
        download_expires_at=expires,
        replayed=replayed,
    )
