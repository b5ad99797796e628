"""Use case: erase a subject from audit: trails of whole workspaces go, elsewhere pseudonymised."""

from __future__ import annotations

from collections import Counter

from services.audit.domain.privacy_subject import entry_names_subject, names_subject
from services.audit.domain.trail import pseudonymised
from services.audit.ports.privacy_trail import PrivacyTrail
from shared.contracts.auth import NO_TENANT
from shared.contracts.privacy import ServicePart, SubjectCall, SubjectKind


async def erase_subject(trail: PrivacyTrail, request: SubjectCall) -> ServicePart:
    """Entries naming the user keep their place and hash but lose actor, subject, payload and
    key, so the chain still verifies. The request being run is kept: it becomes the tombstone."""
    subject = request.subject
    counts: Counter[str] = Counter()
    for tenant_id in subject.whole_workspaces:
        counts.update(
            await trail.erase_workspace(tenant_id=tenant_id, keep_request=request.request_id)
        )
    if subject.kind is SubjectKind.USER:
        needles = [subject.id, *subject.identifiers]
        for tenant_id in (*subject.member_workspaces, NO_TENANT):
            counts.update(await _pseudonymise(trail, tenant_id, needles))
            counts.update(
                await trail.forget_requester(
                    tenant_id=tenant_id, user_id=subject.id, keep_request=request.request_id
                )
            )
    return ServicePart(service="audit", counts=dict(counts))


async def _pseudonymise(trail: PrivacyTrail, tenant_id: str, needles: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    async for entry in trail.entries(tenant_id=tenant_id):
        if entry_names_subject(entry, needles):
            counts["trail_entries_pseudonymised"] += int(await trail.redact(pseudonymised(entry)))
    naming = [
        str(item["_id"]).split(":", 1)[1]
        for item in await trail.ops_entries(tenant_id=tenant_id)
        if names_subject(item, needles)
    ]
    if naming:
        counts["ops_log"] += await trail.drop_ops(tenant_id=tenant_id, entry_ids=naming)
    return counts
