"""`rpc.publisher.account_limits`: a connection's limits for the composer (no token answered)."""

from __future__ import annotations

from faststream.nats import NatsBroker, NatsRouter

from services.publisher.app.context import Publisher
from services.publisher.app.read_limits import LimitsRead, read_account_limits
from services.publisher.domain.limits import AccountLimits
from services.publisher.domain.rules_tiktok import resolve_mode
from services.publisher.entrypoints.rpc_errors import translated
from shared.contracts.publisher import SERVICE
from shared.contracts.publisher_limits import (
    ACCOUNT_LIMITS,
    AccountLimitsReply,
    AccountLimitsRequest,
    AccountPublishing,
    MastodonPublishing,
    PublishingUnavailable,
    TikTokPublishing,
)
from shared.messaging.rpc import rpc_handler


def register_limits_rpc(router: NatsRouter | NatsBroker, core: Publisher) -> None:
    """Subscribe `account_limits` (queue group `publisher`)."""

    @rpc_handler(router, ACCOUNT_LIMITS, queue=SERVICE, request_type=AccountLimitsRequest)
    @translated
    async def account_limits(req: AccountLimitsRequest) -> AccountLimitsReply:
        """What this account may post now, asked of its provider."""
        found = await read_account_limits(
            core, tenant_id=req.ctx.require_tenant(), connection_id=req.connection_id
        )
        return limits_reply(found)


def limits_reply(found: LimitsRead) -> AccountLimitsReply:
    connection_id = found.connection.id
    if found.limits is None:
        reason = PublishingUnavailable(
            code=found.unavailable_code, message=found.unavailable_message
        )
        return AccountLimitsReply(connection_id=connection_id, unavailable=reason)
    return AccountLimitsReply(connection_id=connection_id, publishing=_publishing(found))


def _publishing(found: LimitsRead) -> AccountPublishing:
    provider = found.connection.provider
    limits = found.limits or AccountLimits()
    tiktok = None
    if provider == "tiktok":
        creator = limits.tiktok
        mode = resolve_mode(None, found.connection.scopes)
        tiktok = TikTokPublishing(mode=mode)
        if creator is not None:
            tiktok = TikTokPublishing(
                mode=mode,
                privacy_level_options=list(creator.privacy_level_options),
                max_video_post_duration_sec=creator.max_video_post_duration_sec,
                comment_disabled=creator.comment_disabled,
                duet_disabled=creator.duet_disabled,
                stitch_disabled=creator.stitch_disabled,
            )
    mastodon = None
    if limits.mastodon is not None:
        instance = limits.mastodon
        mastodon = MastodonPublishing(
            max_characters=instance.max_characters,
            max_media_attachments=instance.max_media_attachments,
            characters_reserved_per_url=instance.characters_reserved_per_url,
            image_size_limit=instance.image_size_limit,
            video_size_limit=instance.video_size_limit,
        )
    return AccountPublishing(provider=provider, tiktok=tiktok, mastodon=mastodon)
