"""Port: the services a data-subject saga asks (auth for the scope, then every service)."""

from __future__ import annotations

from typing import Protocol

from shared.contracts.privacy import Changes, Scope, ServicePart, SubjectKind, SubjectRef
from shared.tenancy import RequestContext


class SubjectServices(Protocol):
    """Each call raises `Problem` when the service refuses, fails or does not answer."""

    async def scope(self, *, ctx: RequestContext, subject_kind: SubjectKind) -> Scope:
        """Auth's view: who the subject is, where their data lives, what blocks an erasure."""
        ...

    async def export(
        self, service: str, *, ctx: RequestContext, request_id: str, subject: SubjectRef
    ) -> ServicePart: ...

    async def erase(
        self, service: str, *, ctx: RequestContext, request_id: str, subject: SubjectRef
    ) -> ServicePart: ...

    async def rectify(
        self,
        service: str,
        *,
        ctx: RequestContext,
        request_id: str,
        subject: SubjectRef,
        changes: Changes,
    ) -> ServicePart: ...
