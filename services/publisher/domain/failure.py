"""Failure reasons: stable codes with a sentence a person understands."""

from __future__ import annotations

import msgspec

REASONS: dict[str, str] = {
    "connection_needs_reauth": "The account connection has expired or was revoked at the "
    "provider. Reconnect the account, then retry.",
    "connection_not_found": "The account connection was removed from this workspace.",
    "connection_scope_missing": "The account did not grant the permission needed to post.",
    "media_not_ready": "A media file is not ready (still processing, rejected or deleted).",
    "media_not_found": "A media file no longer exists in this workspace.",
    "content_invalid": "The post no longer meets the provider's rules; see the details.",
    "post_deleted": "The post was deleted before it was published.",
    "provider_rejected": "The provider refused the post; see its answer in the attempts.",
    "provider_unavailable": "The provider kept failing or did not answer; we stopped retrying.",
    "provider_rate_limited": "The provider's rate limit was hit on every attempt; we stopped "
    "retrying.",
    "provider_not_supported": "Publishing to this provider is not available yet.",
    "reconcile_gave_up": "We could not confirm whether the post was published; check the "
    "account, then retry or cancel.",
    "publish_timed_out": "The provider accepted the post but did not finish processing it in time.",
    "tiktok_spam_risk_too_many_posts": "TikTok refused: this account has posted too much "
    "today. Try again tomorrow.",
    "tiktok_spam_risk_too_many_pending_share": "TikTok refused: the creator already has 5 "
    "drafts waiting in their inbox in the last 24 hours.",
    "tiktok_spam_risk_user_banned_from_posting": "TikTok refused: this account is banned "
    "from posting.",
    "tiktok_reached_active_user_cap": "TikTok refused: our app reached its daily limit of "
    "active creators.",
    "tiktok_unaudited_client_can_only_post_to_private_accounts": "TikTok refused: until "
    "our app passes TikTok's audit, posts must be private (SELF_ONLY).",
    "tiktok_url_ownership_unverified": "TikTok refused the media URL (domain not verified).",
    "tiktok_privacy_level_option_mismatch": "TikTok refused the chosen privacy level for "
    "this creator.",
    "tiktok_scope_not_authorized": "The TikTok account did not grant posting permission.",
    "tiktok_invalid_param": "TikTok refused the request's parameters; see its answer.",
    "tiktok_file_format_check_failed": "TikTok could not read the video file format.",
    "tiktok_duration_check_failed": "TikTok refused the video's duration.",
    "tiktok_frame_rate_check_failed": "TikTok refused the video's frame rate.",
    "tiktok_picture_size_check_failed": "TikTok refused the picture size.",
    "tiktok_publish_cancelled": "The post was cancelled on TikTok.",
    "tiktok_auth_removed": "The creator removed our app's access on TikTok.",
    "tiktok_spam_risk": "TikTok flagged the post as spam risk.",
    "tiktok_internal": "TikTok failed while processing the post.",
}


class Failure(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    message: str
    provider_detail: str = ""


def failure(code: str, provider_detail: str = "") -> Failure:
    """The reason for `code`; an unknown provider code keeps its name and a generic sentence."""
    message = REASONS.get(code)
    if message is None and code.startswith("tiktok_spam_risk"):
        message = REASONS["tiktok_spam_risk"]
    if message is None:
        message = f"The provider refused the post ({code})."
    return Failure(code=code, message=message, provider_detail=provider_detail[:500])
