"""Use case: the media records about a subject, for the export bundle."""

from __future__ import annotations

from services.media.ports.subject_records import Records, SubjectRecords
from shared.contracts.privacy import ServicePart, SubjectCall


async def export_subject(records: SubjectRecords, request: SubjectCall) -> ServicePart:
    """Whole workspaces entirely; in shared ones, what the user uploaded or imported."""
    subject = request.subject
    found: Records = {"media": []}
    scopes: list[tuple[str, str | None]] = [(t, None) for t in subject.whole_workspaces]
    scopes += [(t, subject.id) for t in subject.member_workspaces]
    for tenant_id, user_id in scopes:
        for name, items in (await records.records(tenant_id=tenant_id, user_id=user_id)).items():
            found.setdefault(name, []).extend(items)
    counts = {name: len(items) for name, items in found.items()}
    return ServicePart(service="media", counts=counts, records=found)
