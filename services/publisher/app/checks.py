"""Validation of a whole post against every target's provider and account, all at once."""

from __future__ import annotations

import asyncio

from services.publisher.app.context import Publisher
from services.publisher.domain.errors import ValidationFailed
from services.publisher.domain.inputs import MediaInfo
from services.publisher.domain.limits import AccountLimits
from services.publisher.domain.post import Post, TargetSpec
from services.publisher.domain.publishing import PublishError
from services.publisher.domain.validation import (
    Findings,
    TargetCheck,
    Violation,
    check_connection,
    check_post,
    ready_media,
)


async def inspect_post(core: Publisher, post: Post) -> Findings:
    """Every violation and notice of the post, across all its targets (no early exit)."""
    media = await core.media.describe(tenant_id=post.tenant_id, media_ids=list(post.media))
    findings = Findings(violations=check_post(post, media), notices=[])
    per_target = await asyncio.gather(
        *(_inspect_target(core, post, s, media) for s in post.targets)
    )
    for found in per_target:
        findings.violations.extend(found.violations)
        findings.notices.extend(found.notices)
    return findings


async def require_valid(core: Publisher, post: Post) -> Findings:
    """Raise ValidationFailed listing every violation; otherwise return the notices."""
    findings = await inspect_post(core, post)
    if findings.violations:
        raise ValidationFailed(findings.violations)
    return findings


async def _inspect_target(
    core: Publisher, post: Post, spec: TargetSpec, media: dict[str, MediaInfo]
) -> Findings:
    grant = await core.connections.access(
        tenant_id=post.tenant_id, connection_id=spec.connection_id
    )
    connection = grant.connection if grant else None
    broken = check_connection(spec, connection)
    provider = core.providers.get(spec.provider)
    if provider is None:
        broken.append(_violation(spec, "provider_not_supported", f"cannot post to {spec.provider}"))
    if broken or grant is None or provider is None:
        return Findings(violations=broken, notices=[])
    try:
        limits = await provider.account_limits(grant)
    except PublishError as error:
        # Limits unknown: we do not guess; the person can retry when the provider answers.
        code = (
            error.reason
            if error.reason.startswith("connection_")
            else "provider_limits_unavailable"
        )
        return Findings(
            violations=[_violation(spec, code, error.detail or error.reason)], notices=[]
        )
    check = TargetCheck(
        spec=spec,
        text=post.text_for(spec),
        connection=grant.connection,
        media=ready_media(post.media, media),
        limits=limits or AccountLimits(),
    )
    return provider.validate(check)


def _violation(spec: TargetSpec, code: str, message: str) -> Violation:
    return Violation(code=code, message=message, target_id=spec.id)
