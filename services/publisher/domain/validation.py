"""Validation before scheduling: every broken rule is collected, none stops the others."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import msgspec

from services.publisher.domain.inputs import ConnectionInfo, ConnectionStatus, MediaInfo
from services.publisher.domain.limits import AccountLimits
from services.publisher.domain.post import Post, TargetSpec


class Violation(msgspec.Struct, frozen=True, kw_only=True):
    """One broken rule: `code` is stable, `message` says what to change."""

    code: str
    message: str
    target_id: str = ""
    field: str = ""


class Notice(msgspec.Struct, frozen=True, kw_only=True):
    """Not an error, but something the person must know (e.g. TikTok inbox mode)."""

    code: str
    message: str
    target_id: str = ""


@dataclass(frozen=True)
class TargetCheck:
    """Everything a provider's rules look at for one target."""

    spec: TargetSpec
    text: str
    connection: ConnectionInfo
    media: tuple[MediaInfo, ...]
    limits: AccountLimits


@dataclass
class Findings:
    violations: list[Violation]
    notices: list[Notice]

    def add(self, check: TargetCheck, code: str, message: str, field: str = "") -> None:
        self.violations.append(
            Violation(code=code, message=message, target_id=check.spec.id, field=field)
        )

    def note(self, check: TargetCheck, code: str, message: str) -> None:
        self.notices.append(Notice(code=code, message=message, target_id=check.spec.id))


ProviderRules = Callable[[TargetCheck, Findings], None]


def check_post(post: Post, media: Mapping[str, MediaInfo | None]) -> list[Violation]:
    """Rules that do not depend on any provider: targets, content, media availability."""
    found: list[Violation] = []
    if not post.targets:
        found.append(Violation(code="targets_required", message="add at least one account"))
    seen: set[str] = set()
    for spec in post.targets:
        if spec.connection_id in seen:
            found.append(
                Violation(
                    code="duplicate_target",
                    message=f"connection {spec.connection_id} is targeted twice",
                    target_id=spec.id,
                )
            )
        seen.add(spec.connection_id)
        found.extend(_option_mismatch(spec))
        if not post.text_for(spec).strip() and not post.media:
            found.append(
                Violation(code="content_required", message="add text or media", target_id=spec.id)
            )
    for media_id in post.media:
        found.extend(_media_availability(media_id, media.get(media_id), post.tenant_id))
    return found


def _option_mismatch(spec: TargetSpec) -> list[Violation]:
    wrong = [
        name for name in ("tiktok", "mastodon") if getattr(spec, name) and spec.provider != name
    ]
    return [
        Violation(
            code="options_provider_mismatch",
            message=f"{name} settings on a {spec.provider} target",
            target_id=spec.id,
            field=name,
        )
        for name in wrong
    ]


def _media_availability(media_id: str, info: MediaInfo | None, tenant_id: str) -> list[Violation]:
    if info is None or info.tenant_id != tenant_id:
        return [
            Violation(
                code="media_not_found", message=f"media {media_id} does not exist", field="media"
            )
        ]
    if not info.ready:
        return [
            Violation(
                code="media_not_ready",
                message=f"media {media_id} is {info.status}, not ready",
                field="media",
            )
        ]
    return []


def check_connection(spec: TargetSpec, connection: ConnectionInfo | None) -> list[Violation]:
    """The target's connection must exist here, match the provider and be usable."""
    if connection is None:
        return [_v(spec, "connection_not_found", f"connection {spec.connection_id} not found")]
    if connection.provider != spec.provider:
        return [
            _v(
                spec,
                "target_provider_mismatch",
                f"connection is {connection.provider}, target says {spec.provider}",
            )
        ]
    if connection.status is ConnectionStatus.REAUTH_REQUIRED:
        return [_v(spec, "connection_needs_reauth", "reconnect this account before posting")]
    if connection.status is ConnectionStatus.REVOKED:
        return [_v(spec, "connection_revoked", "this account was disconnected")]
    return []


def _v(spec: TargetSpec, code: str, message: str) -> Violation:
    return Violation(code=code, message=message, target_id=spec.id, field="connection_id")


def check_target(check: TargetCheck, rules: Mapping[str, ProviderRules]) -> Findings:
    """Apply the target's provider rules (an unknown provider is itself a violation)."""
    findings = Findings(violations=[], notices=[])
    apply = rules.get(check.spec.provider)
    if apply is None:
        findings.add(check, "provider_not_supported", f"cannot post to {check.spec.provider} yet")
    else:
        apply(check, findings)
    return findings


def ready_media(ids: Sequence[str], media: Mapping[str, MediaInfo | None]) -> tuple[MediaInfo, ...]:
    return tuple(info for info in (media.get(i) for i in ids) if info is not None)
