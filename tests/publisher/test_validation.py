"""Validation before scheduling: every violation at once, each with a code."""

from __future__ import annotations

from datetime import UTC, datetime

from services.publisher.domain.inputs import ConnectionInfo, ConnectionStatus, MediaInfo, MediaKind
from services.publisher.domain.limits import AccountLimits, MastodonInstance, TikTokCreator
from services.publisher.domain.post import (
    MastodonOptions,
    Post,
    TargetSpec,
    TikTokOptions,
)
from services.publisher.domain.rules import PROVIDER_RULES
from services.publisher.domain.rules_tiktok import INBOX_NOTICE
from services.publisher.domain.validation import (
    Findings,
    TargetCheck,
    check_connection,
    check_post,
    check_target,
)

NOW = datetime(2026, 7, 1, tzinfo=UTC)
CREATOR = TikTokCreator(
    privacy_level_options=("FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"),
    max_video_post_duration_sec=60,
    comment_disabled=True,
)


def video(**changes: object) -> MediaInfo:
    fields: dict[str, object] = {
        "id": "m1",
        "tenant_id": "t1",
        "kind": MediaKind.VIDEO,
        "status": "ready",
        "mime": "video/mp4",
        "size_bytes": 10_000_000,
        "duration_s": 30.0,
        "width": 1080,
        "height": 1920,
        "fps": 30.0,
    }
    fields.update(changes)
    return MediaInfo(**fields)  # type: ignore[arg-type]


def image(n: int, size: int = 500_000) -> MediaInfo:
    return MediaInfo(
        id=f"i{n}",
        tenant_id="t1",
        kind=MediaKind.IMAGE,
        status="ready",
        mime="image/jpeg",
        size_bytes=size,
        width=800,
        height=600,
    )


def run(
    provider: str,
    text: str,
    media: list[MediaInfo],
    *,
    scopes: tuple[str, ...] = (),
    tiktok: TikTokOptions | None = None,
    mastodon: MastodonOptions | None = None,
    limits: AccountLimits | None = None,
) -> Findings:
    spec = TargetSpec(
        id="tg", connection_id="c1", provider=provider, tiktok=tiktok, mastodon=mastodon
    )
    connection = ConnectionInfo(id="c1", provider=provider, scopes=scopes)
    check = TargetCheck(
        spec=spec,
        text=text,
        connection=connection,
        media=tuple(media),
        limits=limits or AccountLimits(),
    )
    return check_target(check, PROVIDER_RULES)


def codes(findings: Findings) -> set[str]:
    return {v.code for v in findings.violations}


def test_tiktok_lists_every_broken_rule_at_once() -> None:
    clip = video(duration_s=95.0, fps=12.0, width=200, mime="video/x-msvideo")
    options = TikTokOptions(privacy_level="PUBLIC_TO_EVERYONE", disable_comment=False)
    found = run(
        "tiktok",
        "x" * 2201,
        [clip],
        scopes=("video.publish",),
        tiktok=options,
        limits=AccountLimits(tiktok=CREATOR),
    )
    assert codes(found) == {
        "tiktok_title_too_long",
        "tiktok_video_too_long",
        "tiktok_video_frame_rate",
        "tiktok_video_dimensions",
        "tiktok_video_format",
        "tiktok_privacy_level_not_allowed",
        "tiktok_comment_unavailable",
    }
    assert all(v.target_id == "tg" and v.message for v in found.violations)


def test_tiktok_title_is_measured_in_utf16_units() -> None:
    emoji = "\U0001f600" * 1100  # 1100 characters, 2200 UTF-16 units: exactly the limit
    options = TikTokOptions(privacy_level="SELF_ONLY", disable_comment=True)
    ok = run(
        "tiktok",
        emoji,
        [video()],
        scopes=("video.publish",),
        tiktok=options,
        limits=AccountLimits(tiktok=CREATOR),
    )
    assert ok.violations == []
    over = run(
        "tiktok",
        emoji + "a",
        [video()],
        scopes=("video.publish",),
        tiktok=options,
        limits=AccountLimits(tiktok=CREATOR),
    )
    assert codes(over) == {"tiktok_title_too_long"}


def test_tiktok_without_video_publish_goes_to_the_inbox_and_says_so_plainly() -> None:
    found = run("tiktok", "hello", [video()], scopes=("user.info.basic", "video.upload"))
    assert found.violations == []
    assert [(n.code, n.message) for n in found.notices] == [("tiktok_inbox_mode", INBOX_NOTICE)]


def test_tiktok_direct_post_asked_without_the_scope_is_a_violation() -> None:
    found = run(
        "tiktok", "hi", [video()], scopes=("video.upload",), tiktok=TikTokOptions(mode="direct")
    )
    assert codes(found) == {"tiktok_scope_missing"}
    nothing = run("tiktok", "hi", [], scopes=("user.info.basic",))
    assert codes(nothing) == {"tiktok_scope_missing", "tiktok_media_required"}


def test_tiktok_direct_post_needs_a_privacy_level_chosen_by_the_person() -> None:
    found = run(
        "tiktok",
        "hi",
        [video()],
        scopes=("video.publish",),
        tiktok=TikTokOptions(disable_comment=True),
        limits=AccountLimits(tiktok=CREATOR),
    )
    assert codes(found) == {"tiktok_privacy_level_required"}


def test_mastodon_counts_urls_as_23_and_the_content_warning_against_the_limit() -> None:
    url = "https://example.com/" + "a" * 300
    assert run("mastodon", "b" * 477 + url, []).violations == []  # 477 + 23 = 500
    over = run("mastodon", "b" * 470 + url, [], mastodon=MastodonOptions(spoiler_text="c" * 8))
    assert codes(over) == {"mastodon_text_too_long"}


def test_mastodon_uses_the_instance_limits() -> None:
    small = AccountLimits(mastodon=MastodonInstance(max_characters=100, max_media_attachments=2))
    found = run("mastodon", "x" * 101, [image(1), image(2), image(3)], limits=small)
    assert codes(found) == {"mastodon_text_too_long", "mastodon_too_many_media"}


def test_bluesky_counts_graphemes_and_bytes_separately() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 1 grapheme, 18 bytes
    assert run("bluesky", family * 160, []).violations == []  # 160 graphemes, 2880 bytes
    too_many_bytes = run("bluesky", family * 170, [])  # 170 graphemes, 3060 bytes
    assert codes(too_many_bytes) == {"bluesky_text_too_many_bytes"}
    both = run("bluesky", "é" * 1600, [image(i, 2_000_000) for i in range(5)])
    assert codes(both) == {
        "bluesky_text_too_long",
        "bluesky_text_too_many_bytes",
        "bluesky_too_many_media",
        "bluesky_image_too_large",
    }


def test_post_rules_and_connection_rules() -> None:
    post = Post(
        id="p",
        tenant_id="t1",
        author="u",
        text="",
        media=("m1", "gone", "mine"),
        targets=(
            TargetSpec(id="a", connection_id="c", provider="mastodon", tiktok=TikTokOptions()),
            TargetSpec(id="b", connection_id="c", provider="mastodon"),
        ),
        created_at=NOW,
        updated_at=NOW,
    )
    media = {"m1": video(status="processing"), "mine": video(id="mine", tenant_id="t2")}
    assert {v.code for v in check_post(post, media)} == {
        "duplicate_target",
        "options_provider_mismatch",
        "media_not_ready",
        "media_not_found",
    }
    spec = post.targets[0]
    assert check_connection(spec, None)[0].code == "connection_not_found"
    reauth = ConnectionInfo(id="c", provider="mastodon", status=ConnectionStatus.REAUTH_REQUIRED)
    assert check_connection(spec, reauth)[0].code == "connection_needs_reauth"
    other = ConnectionInfo(id="c", provider="bluesky")
    assert check_connection(spec, other)[0].code == "target_provider_mismatch"
