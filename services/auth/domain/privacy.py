"""Privacy-policy acceptance: continued use after a new version is recorded as accepting it."""

from __future__ import annotations

import enum

import msgspec


class AcceptedBy(enum.StrEnum):
    REGISTRATION = "registration"
    CONTINUED_USE = "continued_use"


class PrivacyAcceptance(msgspec.Struct, frozen=True, kw_only=True):
    user_id: str
    version: str
    accepted_at_ms: int
    accepted_by: AcceptedBy
