"""Port: which privacy-policy versions each user accepted, and when (first acceptance wins)."""

from __future__ import annotations

from typing import Protocol

from services.auth.domain.privacy import PrivacyAcceptance


class PrivacyAcceptances(Protocol):
    """Records are never overwritten: the first time a version was accepted is the evidence."""

    async def record(self, acceptance: PrivacyAcceptance) -> PrivacyAcceptance:
        """Store unless this user already accepted this version; returns the stored record."""
        ...

    async def latest(self, *, user_id: str) -> PrivacyAcceptance | None: ...

    async def publish_version(self, *, version: str, now_ms: int) -> None:
        """Remember that this policy version exists (first seen time)."""
        ...
