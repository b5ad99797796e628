"""Signing-key schedule: a key signs for one period, is published ahead, outlives its tokens."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

ALGORITHM = "Ed25519"  # RFC 9864's fully specified name for EdDSA over Ed25519
ACCESS_TOKEN_TYPE = "at+jwt"  # noqa: S105 - a media type (RFC 9068), not a secret


class KeyPeriod(msgspec.Struct, frozen=True, kw_only=True):
    sign_from_ms: int
    sign_until_ms: int
    expires_at_ms: int


class KeySchedule(msgspec.Struct, frozen=True, kw_only=True):
    rotation_s: int
    lead_s: int
    token_ttl_s: int
    leeway_s: int = 300


def signing_period(periods: Sequence[KeyPeriod], *, now_ms: int) -> int | None:
    """Index of the key to sign with now: the newest whose period covers now."""
    covering = [i for i, p in enumerate(periods) if p.sign_from_ms <= now_ms < p.sign_until_ms]
    return max(covering, key=lambda i: periods[i].sign_from_ms) if covering else None


def periods_to_add(
    periods: Sequence[KeyPeriod], schedule: KeySchedule, *, now_ms: int
) -> list[KeyPeriod]:
    """Keys to create so that one signs now and the next is published `lead_s` before its turn."""
    wanted: list[KeyPeriod] = []
    if signing_period(periods, now_ms=now_ms) is None:
        wanted.append(_period(schedule, start_ms=now_ms))
    last_end = max([p.sign_until_ms for p in [*periods, *wanted]])
    if last_end - now_ms <= schedule.lead_s * 1000:
        wanted.append(_period(schedule, start_ms=last_end))
    return wanted


def _period(schedule: KeySchedule, *, start_ms: int) -> KeyPeriod:
    until = start_ms + schedule.rotation_s * 1000
    keep = (schedule.token_ttl_s + schedule.leeway_s) * 1000
    return KeyPeriod(sign_from_ms=start_ms, sign_until_ms=until, expires_at_ms=until + keep)
