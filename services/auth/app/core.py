"""The auth core: every port and policy value the use cases need, in one object."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from services.auth.domain.throttle import ThrottlePolicy
from services.auth.ports.api_key_repository import ApiKeyRepository
from services.auth.ports.clock import Clock
from services.auth.ports.invitation_repository import InvitationRepository
from services.auth.ports.login_attempts import LoginAttempts
from services.auth.ports.password_hasher import PasswordHasher
from services.auth.ports.privacy_acceptances import PrivacyAcceptances
from services.auth.ports.session_repository import SessionRepository
from services.auth.ports.token_signer import TokenSigner
from services.auth.ports.user_repository import UserRepository
from services.auth.ports.workspace_repository import WorkspaceRepository


class AuthPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Configuration the rules depend on (filled from settings by the composition root)."""

    issuer: str
    audience: str
    access_ttl_s: int
    refresh_ttl_s: int
    invitation_ttl_s: int
    invitation_url: str
    privacy_policy_version: str
    throttle: ThrottlePolicy
    api_key_touch_every_s: int = 60


@dataclass(frozen=True)
class AuthCore:
    policy: AuthPolicy
    clock: Clock
    users: UserRepository
    workspaces: WorkspaceRepository
    sessions: SessionRepository
    api_keys: ApiKeyRepository
    invitations: InvitationRepository
    attempts: LoginAttempts
    privacy: PrivacyAcceptances
    passwords: PasswordHasher
    signer: TokenSigner
