"""Use case: carry a claimed data-subject request forward, one service step at a time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from services.audit.domain.privacy_request import (
    BUNDLE_KEPT,
    PrivacyRequest,
    Status,
    Step,
    backoff_s,
    finished,
    step_done,
    step_failed,
)
from services.audit.ports.privacy_request_repository import PrivacyRequestRepository
from services.audit.ports.subject_services import SubjectServices
from shared.contracts.privacy import RequestKind, ServicePart
from shared.errors import Problem, ProblemCode
from shared.tenancy import SYSTEM_ACTOR, RequestContext, TenantId

log = logging.getLogger("gamontj.audit.privacy")


class LeaseLost(Exception):
    """Another worker took the request over (our lease lapsed); it carries on from there."""


async def advance(
    repo: PrivacyRequestRepository,
    services: SubjectServices,
    request: PrivacyRequest,
    *,
    clock: Callable[[], datetime],
    lease_s: float,
) -> PrivacyRequest:
    """Run pending steps in order, saving after each: a restart resumes at the first step not
    saved as done (every service's step is idempotent, so a repeated one is harmless)."""
    while request.status is Status.RUNNING:
        step = request.next_step()
        if step is None:
            return await _save(repo, finished(request, clock()), clock, lease_s, request.tenant_id)
        try:
            part = await _run(services, request, step)
        except Problem as problem:
            log.warning(
                "privacy step failed",
                extra={"request_id": request.id, "service": step.service, "code": problem.code},
            )
            failed = step_failed(request, step.service, problem.code)
            # Released with a delay: the worker comes back to it after the backoff.
            until = clock() + timedelta(seconds=backoff_s(step.attempts + 1))
            await _save_until(repo, failed, int(until.timestamp() * 1000), request.tenant_id)
            return failed
        if request.kind is RequestKind.EXPORT:
            await repo.add_part(tenant_id=request.tenant_id, request_id=request.id, part=part)
        request = await _save(
            repo, step_done(request, step.service, part.counts), clock, lease_s, request.tenant_id
        )
    return request


async def _run(services: SubjectServices, request: PrivacyRequest, step: Step) -> ServicePart:
    ctx = RequestContext(
        tenant_id=TenantId(request.tenant_id), actor=SYSTEM_ACTOR, request_id=request.id
    )
    subject = request.subject
    if request.kind is RequestKind.EXPORT:
        return await services.export(step.service, ctx=ctx, request_id=request.id, subject=subject)
    if request.kind is RequestKind.ERASURE:
        return await services.erase(step.service, ctx=ctx, request_id=request.id, subject=subject)
    if request.changes is None:  # refused when filed; only a corrupted document gets here
        raise Problem(ProblemCode.VALIDATION_FAILED, "a rectification without changes cannot run")
    return await services.rectify(
        step.service, ctx=ctx, request_id=request.id, subject=subject, changes=request.changes
    )


async def _save(
    repo: PrivacyRequestRepository,
    request: PrivacyRequest,
    clock: Callable[[], datetime],
    lease_s: float,
    old_tenant_id: str,
) -> PrivacyRequest:
    now = clock()
    if request.status is Status.COMPLETED and request.kind is RequestKind.EXPORT:
        expires = int((now + BUNDLE_KEPT).timestamp() * 1000)
        await repo.seal_parts(
            tenant_id=request.tenant_id, request_id=request.id, expires_ms=expires
        )
    until = int((now + timedelta(seconds=lease_s)).timestamp() * 1000)
    await _save_until(repo, request, until, old_tenant_id)
    return request


async def _save_until(
    repo: PrivacyRequestRepository, request: PrivacyRequest, until_ms: int, old_tenant_id: str
) -> None:
    if not await repo.save(request, lease_until_ms=until_ms, old_tenant_id=old_tenant_id):
        raise LeaseLost(request.id)
