"""Use case: rectification in audit: the trail is a record of what was true when it happened."""

from __future__ import annotations

from shared.contracts.privacy import RectifyCall, ServicePart


async def rectify_subject(request: RectifyCall) -> ServicePart:
    """Nothing is rewritten: a trail entry states what was true when it was recorded (and its
    hash proves it); the request itself is the record of the correction (decision 0084)."""
    return ServicePart(
        service="audit",
        counts={},
        notes=["trail entries are historical records; the correction is recorded here"],
    )
