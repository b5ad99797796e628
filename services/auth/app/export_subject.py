"""Use case: everything auth holds about a subject, for the export bundle."""

from __future__ import annotations

from services.auth.app.erase_subject_scope import SubjectContext
from services.auth.ports.subject_records import Records
from shared.contracts.privacy import ServicePart, SubjectCall, SubjectKind


async def export_subject(ctx: SubjectContext, request: SubjectCall) -> ServicePart:
    """The account (for a user), then each workspace: whole ones entirely, shared ones the
    user's own records. Tokens, digests and password hashes never leave."""
    subject = request.subject
    records: Records = {}
    if subject.kind is SubjectKind.USER:
        _merge(records, await ctx.records.account(user_id=subject.id))
    for tenant_id in subject.whole_workspaces:
        _merge(records, await ctx.records.workspace(tenant_id=tenant_id, user_id=None))
    for tenant_id in subject.member_workspaces:
        _merge(records, await ctx.records.workspace(tenant_id=tenant_id, user_id=subject.id))
    counts = {name: len(items) for name, items in records.items()}
    return ServicePart(service="auth", counts=counts, records=records)


def _merge(into: Records, more: Records) -> None:
    for name, items in more.items():
        into.setdefault(name, []).extend(items)
