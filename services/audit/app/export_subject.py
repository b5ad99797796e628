"""Use case: the audit records about a subject (trail, operational log, disclosure ledger)."""

from __future__ import annotations

from typing import Any

from services.audit.domain.privacy_subject import (
    disclosure_concerns,
    entry_names_subject,
    entry_record,
    ids_acted_on,
    names_subject,
)
from services.audit.ports.privacy_trail import PrivacyTrail
from shared.contracts.auth import NO_TENANT
from shared.contracts.privacy import ServicePart, SubjectCall, SubjectKind

Found = dict[str, list[dict[str, Any]]]


async def export_subject(trail: PrivacyTrail, request: SubjectCall) -> ServicePart:
    """Whole workspaces entirely; elsewhere the entries that name the user, and the ledger
    entries about what the user acted on there (their connections, posts, media)."""
    subject = request.subject
    found: Found = {"trail": [], "ops_log": [], "disclosures": []}
    for tenant_id in subject.whole_workspaces:
        await _whole(trail, tenant_id, found)
    if subject.kind is SubjectKind.USER:
        for tenant_id in (*subject.member_workspaces, NO_TENANT):
            await _naming(trail, tenant_id, subject.id, [subject.id, *subject.identifiers], found)
    counts = {name: len(items) for name, items in found.items()}
    return ServicePart(service="audit", counts=counts, records=found)


async def _whole(trail: PrivacyTrail, tenant_id: str, found: Found) -> None:
    async for entry in trail.entries(tenant_id=tenant_id):
        found["trail"].append(entry_record(entry))
    found["ops_log"].extend(await trail.ops_entries(tenant_id=tenant_id))
    found["disclosures"].extend(await trail.disclosures(tenant_id=tenant_id))


async def _naming(
    trail: PrivacyTrail, tenant_id: str, user_id: str, needles: list[str], found: Found
) -> None:
    acted_on: set[str] = set()
    async for entry in trail.entries(tenant_id=tenant_id):
        if entry_names_subject(entry, needles):
            found["trail"].append(entry_record(entry))
        acted_on |= ids_acted_on(entry, user_id)
    found["ops_log"].extend(
        item
        for item in await trail.ops_entries(tenant_id=tenant_id)
        if names_subject(item, needles)
    )
    if acted_on:
        found["disclosures"].extend(
            record
            for record in await trail.disclosures(tenant_id=tenant_id)
            if disclosure_concerns(record, acted_on)
        )
