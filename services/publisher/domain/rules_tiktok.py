"""TikTok's rules: title length in UTF-16 units, creator_info options, media limits, scopes."""

from __future__ import annotations

from services.publisher.domain.inputs import MediaInfo, MediaKind
from services.publisher.domain.limits import TikTokCreator
from services.publisher.domain.post import TikTokMode, TikTokOptions
from services.publisher.domain.text_metrics import utf16_units
from services.publisher.domain.validation import Findings, TargetCheck

TITLE_MAX = 2200
PHOTO_TITLE_MAX = 90
PHOTO_DESCRIPTION_MAX = 4000
PHOTOS_MAX = 35
VIDEO_MAX_BYTES = 4 * 1024**3
API_MAX_DURATION_S = 600
VIDEO_MIMES = frozenset({"video/mp4", "video/quicktime", "video/webm"})
PHOTO_MIMES = frozenset({"image/jpeg", "image/webp"})
PHOTO_MAX_BYTES = 20 * 1024 * 1024
SCOPE_PUBLISH = "video.publish"
SCOPE_UPLOAD = "video.upload"

INBOX_NOTICE = (
    "This TikTok account granted `video.upload` but not `video.publish`: the video will be "
    "sent to the creator's TikTok inbox as a draft, and they finish posting it in the app."
)


def resolve_mode(options: TikTokOptions | None, scopes: tuple[str, ...]) -> TikTokMode | None:
    """Direct post when granted (or asked), inbox when only upload was granted; None: neither."""
    wanted = options.mode if options else None
    if wanted == "inbox":
        return "inbox" if SCOPE_UPLOAD in scopes or SCOPE_PUBLISH in scopes else None
    if SCOPE_PUBLISH in scopes:
        return "direct"
    if wanted is None and SCOPE_UPLOAD in scopes:
        return "inbox"
    return None


def check_tiktok(check: TargetCheck, findings: Findings) -> None:
    options = check.spec.tiktok or TikTokOptions()
    mode = resolve_mode(options, check.connection.scopes)
    if mode is None:
        asked = "direct posting" if options.mode == "direct" else "posting"
        findings.add(
            check,
            "tiktok_scope_missing",
            f"this TikTok account did not grant {asked} (`video.publish`"
            + ("" if options.mode == "direct" else " or `video.upload`")
            + "); reconnect it and accept the posting permission",
            "connection_id",
        )
    elif mode == "inbox" and options.mode is None:
        findings.note(check, "tiktok_inbox_mode", INBOX_NOTICE)
    videos = [m for m in check.media if m.kind in (MediaKind.VIDEO, MediaKind.GIF)]
    images = [m for m in check.media if m.kind is MediaKind.IMAGE]
    if not check.media:
        findings.add(check, "tiktok_media_required", "TikTok needs one video or 1-35 photos")
    elif (videos and images) or len(videos) > 1:
        findings.add(check, "tiktok_media_mix", "TikTok takes exactly one video, or only photos")
    creator = check.limits.tiktok
    if videos:
        _check_video(check, findings, videos[0], creator)
        _check_length(check, findings, check.text, TITLE_MAX, "tiktok_title_too_long", "title")
    elif images:
        _check_photos(check, findings, images, options)
    if mode == "direct" and creator is not None:
        _check_creator_options(check, findings, options, creator)


def _check_length(
    check: TargetCheck, findings: Findings, text: str, limit: int, code: str, name: str
) -> None:
    units = utf16_units(text)
    if units > limit:
        findings.add(
            check, code, f"the {name} is {units} UTF-16 units; TikTok allows {limit}", "text"
        )


def _check_video(
    check: TargetCheck, findings: Findings, video: MediaInfo, creator: TikTokCreator | None
) -> None:
    if video.mime not in VIDEO_MIMES:
        findings.add(check, "tiktok_video_format", f"{video.mime} is not MP4, WebM or MOV", "media")
    if video.size_bytes > VIDEO_MAX_BYTES:
        findings.add(check, "tiktok_video_too_large", "TikTok accepts videos up to 4 GB", "media")
    limit = min(creator.max_video_post_duration_sec, API_MAX_DURATION_S) if creator else 600
    if video.duration_s is not None and video.duration_s > limit:
        findings.add(
            check,
            "tiktok_video_too_long",
            f"the video lasts {video.duration_s:.0f} s; this creator may post up to {limit} s",
            "media",
        )
    sides = [s for s in (video.width, video.height) if s is not None]
    if any(side < 360 or side > 4096 for side in sides):
        findings.add(
            check, "tiktok_video_dimensions", "each video side must be 360-4096 px", "media"
        )
    if video.fps is not None and not 23 <= video.fps <= 60:
        findings.add(
            check, "tiktok_video_frame_rate", f"{video.fps:g} fps; TikTok needs 23-60", "media"
        )


def _check_photos(
    check: TargetCheck, findings: Findings, images: list[MediaInfo], options: TikTokOptions
) -> None:
    if len(images) > PHOTOS_MAX:
        findings.add(check, "tiktok_too_many_photos", f"TikTok takes at most {PHOTOS_MAX} photos")
    for image in images:
        if image.mime not in PHOTO_MIMES:
            findings.add(check, "tiktok_photo_format", f"{image.mime} is not JPEG or WebP", "media")
        if image.size_bytes > PHOTO_MAX_BYTES:
            findings.add(check, "tiktok_photo_too_large", "photos must be 20 MB or less", "media")
    _check_length(
        check,
        findings,
        options.title or "",
        PHOTO_TITLE_MAX,
        "tiktok_photo_title_too_long",
        "title",
    )
    _check_length(
        check, findings, check.text, PHOTO_DESCRIPTION_MAX, "tiktok_description_too_long", "text"
    )


def _check_creator_options(
    check: TargetCheck, findings: Findings, options: TikTokOptions, creator: TikTokCreator
) -> None:
    allowed = ", ".join(creator.privacy_level_options)
    if options.privacy_level is None:
        findings.add(
            check,
            "tiktok_privacy_level_required",
            f"choose who can see the post (one of: {allowed})",
            "tiktok.privacy_level",
        )
    elif options.privacy_level not in creator.privacy_level_options:
        findings.add(
            check,
            "tiktok_privacy_level_not_allowed",
            f"{options.privacy_level} is not available to this creator (one of: {allowed})",
            "tiktok.privacy_level",
        )
    for feature, disabled_by_creator, disabled in (
        ("comment", creator.comment_disabled, options.disable_comment),
        ("duet", creator.duet_disabled, options.disable_duet),
        ("stitch", creator.stitch_disabled, options.disable_stitch),
    ):
        if disabled_by_creator and not disabled:
            findings.add(
                check,
                f"tiktok_{feature}_unavailable",
                f"the creator turned {feature}s off in TikTok; set disable_{feature}",
                f"tiktok.disable_{feature}",
            )
