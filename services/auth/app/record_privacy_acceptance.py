"""Use case: record that a user continued under the current privacy-policy version."""

from __future__ import annotations

from services.auth.app.authorize import require_user
from services.auth.app.core import AuthCore
from services.auth.app.views import privacy_view
from services.auth.domain.privacy import AcceptedBy, PrivacyAcceptance
from shared.contracts.auth import RecordPrivacyAcceptanceRequest
from shared.contracts.auth_views import PrivacyView


async def accept_current_policy(
    core: AuthCore, *, user_id: str, accepted_by: AcceptedBy = AcceptedBy.CONTINUED_USE
) -> PrivacyAcceptance:
    """Idempotent: the first acceptance of a version is kept, later calls read it back."""
    version = core.policy.privacy_policy_version
    latest = await core.privacy.latest(user_id=user_id)
    if latest is not None and latest.version == version:
        return latest
    return await core.privacy.record(
        PrivacyAcceptance(
            user_id=user_id,
            version=version,
            accepted_at_ms=core.clock.now_ms(),
            accepted_by=accepted_by,
        )
    )


async def record_privacy_acceptance(
    core: AuthCore, request: RecordPrivacyAcceptanceRequest
) -> PrivacyView:
    """The gateway saw the user's first request under a policy version their token predates."""
    user_id = require_user(request.ctx)
    accepted = await accept_current_policy(core, user_id=user_id)
    return privacy_view(core.policy.privacy_policy_version, accepted)
