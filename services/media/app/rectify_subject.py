"""Use case: rectification in media, which keeps no profile data (only opaque user ids)."""

from __future__ import annotations

from shared.contracts.privacy import RectifyCall, ServicePart


async def rectify_subject(request: RectifyCall) -> ServicePart:
    """Nothing to correct: media names people by id only, and ids never change."""
    return ServicePart(
        service="media", counts={}, notes=["media holds no e-mail or name, only user ids"]
    )
