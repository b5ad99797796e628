"""Use case: correct a subject's profile data where auth holds it (e-mail, workspace name)."""

from __future__ import annotations

from collections import Counter

from services.auth.app.erase_subject_scope import SubjectContext
from services.auth.domain.email import normalize_email
from services.auth.domain.errors import NotFound
from services.auth.domain.names import clean_name
from shared.contracts.privacy import RectifyCall, ServicePart, SubjectKind


async def rectify_subject(ctx: SubjectContext, request: RectifyCall) -> ServicePart:
    """A user corrects their e-mail; an owner corrects the workspace's name."""
    subject, changes = request.subject, request.changes
    counts: Counter[str] = Counter()
    if subject.kind is SubjectKind.USER and changes.email is not None:
        user = await ctx.core.users.get(user_id=subject.id)
        if user is None:
            raise NotFound("user")
        new = normalize_email(changes.email)
        if new != user.email:
            counts.update(await ctx.records.change_email(user_id=user.id, old=user.email, new=new))
    if subject.kind is SubjectKind.WORKSPACE and changes.workspace_name is not None:
        name = clean_name(changes.workspace_name, default="")
        counts.update(await ctx.records.rename_workspace(tenant_id=subject.id, name=name))
    return ServicePart(service="auth", counts=dict(counts))
