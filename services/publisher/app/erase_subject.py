"""Use case: erase a subject's publishing data (whole workspaces) or their name on it."""

from __future__ import annotations

from collections import Counter

from services.publisher.ports.subject_records import SubjectRecords
from shared.contracts.privacy import ServicePart, SubjectCall


async def erase_subject(records: SubjectRecords, request: SubjectCall) -> ServicePart:
    """Idempotent. Posts in a workspace others keep stay, authored by `erased`."""
    subject = request.subject
    counts: Counter[str] = Counter()
    for tenant_id in subject.whole_workspaces:
        counts.update(await records.erase_workspace(tenant_id=tenant_id))
    for tenant_id in subject.member_workspaces:
        counts.update(await records.pseudonymise(tenant_id=tenant_id, user_id=subject.id))
    return ServicePart(service="publisher", counts=dict(counts))
