"""An AuthCore over the fakes of tests/support/auth_fakes.py, with a handle on each fake."""

from __future__ import annotations

from typing import Any

import msgspec

from services.auth.app.core import AuthCore, AuthPolicy
from services.auth.domain.throttle import ThrottlePolicy
from tests.support.auth_fakes import (
    EventLog,
    FakeApiKeyRepository,
    FakeClock,
    FakeInvitationRepository,
    FakeLoginAttempts,
    FakePasswordHasher,
    FakePrivacyAcceptances,
    FakeSessionRepository,
    FakeTokenSigner,
    FakeUserRepository,
    FakeWorkspaceRepository,
)

replace = msgspec.structs.replace


def fake_policy(**overrides: Any) -> AuthPolicy:
    policy = AuthPolicy(
        issuer="https://issuer.test",
        audience="gamontj-test",
        access_ttl_s=900,
        refresh_ttl_s=3600,
        invitation_ttl_s=7 * 24 * 3600,
        invitation_url="https://app.test/invitations/{token}",
        privacy_policy_version="v1",
        throttle=ThrottlePolicy(window_s=900, max_per_account=5, max_per_ip=20),
    )
    return replace(policy, **overrides)


class FakeAuth:
    """An AuthCore over fakes, with handles on each fake for the assertions."""

    def __init__(self, **policy: Any) -> None:
        self.log = EventLog()
        self.clock = FakeClock()
        self.users = FakeUserRepository(self.log)
        self.workspaces = FakeWorkspaceRepository(self.log)
        self.sessions = FakeSessionRepository(self.log)
        self.api_keys = FakeApiKeyRepository(self.log)
        self.invitations = FakeInvitationRepository(self.log)
        self.attempts = FakeLoginAttempts(self.log)
        self.privacy = FakePrivacyAcceptances()
        self.passwords = FakePasswordHasher()
        self.signer = FakeTokenSigner()
        self.core = self.build(fake_policy(**policy))

    def build(self, policy: AuthPolicy) -> AuthCore:
        return AuthCore(
            policy=policy,
            clock=self.clock,
            users=self.users,
            workspaces=self.workspaces,
            sessions=self.sessions,
            api_keys=self.api_keys,
            invitations=self.invitations,
            attempts=self.attempts,
            privacy=self.privacy,
            passwords=self.passwords,
            signer=self.signer,
        )

    def with_policy(self, **changes: Any) -> AuthCore:
        """The same state under changed configuration (e.g. a new privacy-policy version)."""
        self.core = self.build(replace(self.core.policy, **changes))
        return self.core
