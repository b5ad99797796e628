"""Use case: erase a subject's media: bytes from storage and records from the store."""

from __future__ import annotations

from collections import Counter

from services.media.ports.blob_storage import BlobStorage
from services.media.ports.subject_records import SubjectRecords
from shared.contracts.privacy import ServicePart, SubjectCall


async def erase_subject(
    records: SubjectRecords, storage: BlobStorage, request: SubjectCall
) -> ServicePart:
    """Idempotent: bytes go before records, so a crash in between is finished by a retry."""
    subject = request.subject
    counts: Counter[str] = Counter()
    for tenant_id in subject.whole_workspaces:
        # Every key under the workspace, not only those records name: orphans go too.
        for key in await storage.keys(tenant_id):
            await storage.delete(key)
            counts["blobs"] += 1
        counts.update(await records.erase_workspace(tenant_id=tenant_id))
    for tenant_id in subject.member_workspaces:
        counts.update(await records.pseudonymise(tenant_id=tenant_id, user_id=subject.id))
    return ServicePart(service="media", counts=dict(counts))
