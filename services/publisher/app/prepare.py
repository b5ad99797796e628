"""Everything needed before a send: the frozen post, a token, media, limits, a last validation."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import msgspec

from services.publisher.app.context import Publisher
from services.publisher.app.step import Step
from services.publisher.domain.errors import NotFound
from services.publisher.domain.failure import Failure, failure
from services.publisher.domain.inputs import AccessGrant, ConnectionStatus, MediaInfo, MediaSource
from services.publisher.domain.limits import AccountLimits
from services.publisher.domain.post import Post, TargetSpec, TikTokOptions, publication_key
from services.publisher.domain.publishing import PublishError, PublishRequest
from services.publisher.domain.rules_tiktok import resolve_mode
from services.publisher.domain.validation import (
    TargetCheck,
    check_connection,
    check_post,
    ready_media,
)
from services.publisher.ports.connection_directory import ConnectionUnavailable
from services.publisher.ports.media_catalog import MediaUnavailable
from services.publisher.ports.publishing_provider import PublishingProvider


@dataclass(frozen=True)
class Prepared:
    request: PublishRequest
    grant: AccessGrant
    provider: PublishingProvider


class Stop(Exception):
    """Preparation ended the step (deferred, failed or cancelled); the target is written."""


async def grant_for(step: Step, *, sent: bool = False) -> AccessGrant:
    """A usable token, or the step ends: deferred when auth is down; when the connection is
    gone or needs re-authorisation, failed before any send, parked for a person after one
    (the post may exist at the provider, so "failed" would not be the truth)."""
    rec = step.record
    try:
        grant = await step.core.connections.access(
            tenant_id=rec.tenant_id, connection_id=rec.connection_id
        )
    except ConnectionUnavailable as exc:
        await step.later(_pause(step), f"auth unavailable: {exc}")
        raise Stop from exc
    if grant is None or grant.connection.status is not ConnectionStatus.ACTIVE:
        code = "connection_not_found" if grant is None else "connection_needs_reauth"
        if sent:
            await step.park(failure(code))
        else:
            await step.fail(failure(code))
        raise Stop
    return grant


def _pause(step: Step) -> float:
    return step.core.policy.retry.delay_s(max(step.record.sends, 1))


async def prepare(step: Step, post: Post, *, sent: bool = False) -> Prepared:
    """Build the request for this target of `post`, or end the step and raise Stop.

    `sent`: rebuilding the request of an earlier send for reconciliation; rules are not
    checked again then (the post may already exist, failing it now would be a lie).
    """
    core, rec = step.core, step.record
    try:
        spec = post.target(rec.id)
    except NotFound as exc:
        await step.cancel("target_removed_from_post")
        raise Stop from exc
    provider = core.providers.get(spec.provider)
    if provider is None:
        await step.fail(failure("provider_not_supported", spec.provider))
        raise Stop
    grant = await grant_for(step, sent=sent)
    media, limits = await _facts(step, post, provider, grant, sent=sent)
    check = TargetCheck(
        spec=spec,
        text=post.text_for(spec),
        connection=grant.connection,
        media=ready_media(post.media, media),
        limits=limits,
    )
    if not sent:
        await _revalidate(step, post, spec, check, provider, media)
    try:
        sources = await _sources(core, rec.tenant_id, check)
    except MediaUnavailable as exc:
        await step.later(_pause(step), f"media unavailable: {exc}")
        raise Stop from exc
    request = _request(post, spec, check, sources)
    if sent:
        request = msgspec.structs.replace(request, sent_at=rec.sent_at)
    return Prepared(request=request, grant=grant, provider=provider)


async def _facts(
    step: Step, post: Post, provider: PublishingProvider, grant: AccessGrant, *, sent: bool
) -> tuple[dict[str, MediaInfo], AccountLimits]:
    try:
        media = await step.core.media.describe(tenant_id=post.tenant_id, media_ids=list(post.media))
        limits = AccountLimits() if sent else await provider.account_limits(grant)
    except MediaUnavailable as exc:
        await step.later(_pause(step), f"media unavailable: {exc}")
        raise Stop from exc
    except PublishError as exc:
        await _limits_failed(step, exc)
        raise Stop from exc
    return media, limits


async def _limits_failed(step: Step, error: PublishError) -> None:
    if error.retryable:
        await step.later(error.retry_after_s or _pause(step), f"limits: {error.reason}")
    else:
        await step.fail(failure(error.reason, error.detail))


async def _revalidate(
    step: Step,
    post: Post,
    spec: TargetSpec,
    check: TargetCheck,
    provider: PublishingProvider,
    media: Mapping[str, MediaInfo],
) -> None:
    """Things change between scheduling and publishing (media deleted, creator limits)."""
    own = [v for v in check_post(post, media) if v.target_id in ("", spec.id)]
    own += check_connection(spec, check.connection)
    own += provider.validate(check).violations
    if not own:
        return
    code = "media_not_ready" if all(v.code.startswith("media_") for v in own) else "content_invalid"
    detail = "; ".join(f"{v.code}: {v.message}" for v in own)
    await step.fail(Failure(code=code, message=failure(code).message, provider_detail=detail))
    raise Stop


async def _sources(core: Publisher, tenant_id: str, check: TargetCheck) -> tuple[MediaSource, ...]:
    ttl = core.policy.media_url_ttl_s
    urls = await asyncio.gather(
        *(
            core.media.download_url(tenant_id=tenant_id, media_id=m.id, ttl_s=ttl)
            for m in check.media
        )
    )
    return tuple(
        MediaSource(info=m, download_url=u) for m, u in zip(check.media, urls, strict=True)
    )


def _request(
    post: Post, spec: TargetSpec, check: TargetCheck, media: tuple[MediaSource, ...]
) -> PublishRequest:
    tiktok = spec.tiktok
    if spec.provider == "tiktok":
        # The mode actually used is decided now, from the scopes granted at this moment.
        options = spec.tiktok or TikTokOptions()
        tiktok = msgspec.structs.replace(
            options, mode=resolve_mode(options, check.connection.scopes)
        )
    return PublishRequest(
        key=publication_key(post.id, spec.id, post.revision),
        tenant_id=post.tenant_id,
        post_id=post.id,
        target_id=spec.id,
        revision=post.revision,
        text=check.text,
        media=media,
        tiktok=tiktok,
        mastodon=spec.mastodon,
    )
