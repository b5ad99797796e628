"""Use case: rectification in the publisher, which keeps no profile data (only user ids)."""

from __future__ import annotations

from shared.contracts.privacy import RectifyCall, ServicePart


async def rectify_subject(request: RectifyCall) -> ServicePart:
    """Nothing to correct: posts name their author by id only, and ids never change."""
    return ServicePart(
        service="publisher", counts={}, notes=["the publisher holds no e-mail or name"]
    )
