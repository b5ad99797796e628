"""Fakes of the auth service's identity ports, for tests of the core without I/O."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from services.auth.domain.api_key import ApiKey
from services.auth.domain.errors import EmailTaken
from services.auth.domain.invitation import Invitation
from services.auth.domain.privacy import PrivacyAcceptance
from services.auth.domain.session import RefreshFamily
from services.auth.domain.throttle import FailureCount
from services.auth.domain.user import User
from services.auth.domain.workspace import Workspace
from shared.contracts.envelope import Event

replace = msgspec.structs.replace


class EventLog:
    """Every event any fake stored, in order (the outbox as a test sees it)."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def types(self) -> list[str]:
        return [event.event_type for event in self.events]


class FakeClock:
    def __init__(self, now_ms: int = 1_800_000_000_000) -> None:
        self.now = now_ms

    def now_ms(self) -> int:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += int(seconds * 1000)


class FakeUserRepository:
    def __init__(self, log: EventLog) -> None:
        self.users: dict[str, User] = {}
        self._log = log

    async def add(self, user: User, *, events: Sequence[Event]) -> None:
        if any(u.email == user.email for u in self.users.values()):
            raise EmailTaken(user.email)
        self.users[user.id] = user
        self._log.events.extend(events)

    async def get(self, *, user_id: str) -> User | None:
        return self.users.get(user_id)

    async def by_email(self, *, email: str) -> User | None:
        return next((u for u in self.users.values() if u.email == email), None)

    async def get_many(self, *, user_ids: Sequence[str]) -> list[User]:
        return [self.users[i] for i in user_ids if i in self.users]

    async def set_password_hash(self, *, user_id: str, password_hash: str) -> None:
        self.users[user_id] = replace(self.users[user_id], password_hash=password_hash)


class FakeWorkspaceRepository:
    def __init__(self, log: EventLog) -> None:
        self.workspaces: dict[str, Workspace] = {}
        self.marks: dict[str, str] = {}
        self._log = log

    async def add(self, workspace: Workspace, *, idempotency: str, events: Sequence[Event]) -> bool:
        if idempotency in self.marks:
            return False
        self.marks[idempotency] = workspace.id
        self.workspaces[workspace.id] = workspace
        self._log.events.extend(events)
        return True

    async def by_idempotency(self, *, idempotency: str) -> Workspace | None:
        found = self.marks.get(idempotency)
        return self.workspaces.get(found) if found else None

    async def get(self, *, tenant_id: str) -> Workspace | None:
        return self.workspaces.get(tenant_id)

    async def for_user(self, *, user_id: str) -> list[Workspace]:
        mine = [ws for ws in self.workspaces.values() if user_id in ws.members]
        return sorted(mine, key=lambda ws: ws.members[user_id].joined_at_ms)

    async def save(
        self, workspace: Workspace, *, expected_version: int, events: Sequence[Event]
    ) -> bool:
        stored = self.workspaces.get(workspace.id)
        if stored is None or stored.version != expected_version:
            return False
        self.workspaces[workspace.id] = replace(workspace, version=expected_version + 1)
        self._log.events.extend(events)
        return True


class FakeSessionRepository:
    def __init__(self, log: EventLog) -> None:
        self.families: dict[str, RefreshFamily] = {}
        self._log = log

    async def start(self, family: RefreshFamily, *, events: Sequence[Event]) -> None:
        self.families[family.id] = family
        self._log.events.extend(events)

    async def get(self, *, family_id: str) -> RefreshFamily | None:
        return self.families.get(family_id)

    async def rotate(
        self,
        *,
        family_id: str,
        expected_hash: str,
        new_hash: str,
        tenant_id: str,
        now_ms: int,
        expires_at_ms: int,
    ) -> bool:
        family = self.families.get(family_id)
        if family is None or family.current_hash != expected_hash or family.revoked_at_ms:
            return False
        self.families[family_id] = replace(
            family,
            current_hash=new_hash,
            used={**family.used, expected_hash: now_ms},
            tenant_id=tenant_id,
            expires_at_ms=expires_at_ms,
        )
        return True

    async def revoke(self, *, family_id: str, now_ms: int, reason: str) -> bool:
        family = self.families.get(family_id)
        if family is None or family.revoked_at_ms:
            return False
        self.families[family_id] = replace(family, revoked_at_ms=now_ms)
        return True


class _TenantStore:
    """Shared by the fakes whose `add` is idempotent per (tenant, idempotency digest)."""

    def __init__(self, log: EventLog) -> None:
        self.items: dict[str, Any] = {}
        self.marks: dict[tuple[str, str], str] = {}
        self._log = log

    async def add(self, item: Any, *, idempotency: str, events: Sequence[Event]) -> bool:
        if (item.tenant_id, idempotency) in self.marks:
            return False
        self.marks[(item.tenant_id, idempotency)] = item.id
        self.items[item.id] = item
        self._log.events.extend(events)
        return True

    async def by_idempotency(self, *, tenant_id: str, idempotency: str) -> Any:
        found = self.marks.get((tenant_id, idempotency))
        return self.items.get(found) if found else None

    def _in(self, tenant_id: str, item_id: str) -> Any:
        item = self.items.get(item_id)
        return item if item is not None and item.tenant_id == tenant_id else None


class FakeApiKeyRepository(_TenantStore):
    async def by_hash(self, *, key_hash: str) -> ApiKey | None:
        return next((k for k in self.items.values() if k.key_hash == key_hash), None)

    async def get(self, *, tenant_id: str, api_key_id: str) -> ApiKey | None:
        found: ApiKey | None = self._in(tenant_id, api_key_id)
        return found

    async def list_active(self, *, tenant_id: str) -> list[ApiKey]:
        return [k for k in self.items.values() if k.tenant_id == tenant_id and not k.revoked_at_ms]

    async def revoke(
        self, *, tenant_id: str, api_key_id: str, now_ms: int, events: Sequence[Event]
    ) -> bool:
        key = await self.get(tenant_id=tenant_id, api_key_id=api_key_id)
        if key is None or key.revoked_at_ms:
            return False
        self.items[key.id] = replace(key, revoked_at_ms=now_ms)
        self._log.events.extend(events)
        return True

    async def touch(self, *, tenant_id: str, api_key_id: str, now_ms: int, every_ms: int) -> None:
        key = await self.get(tenant_id=tenant_id, api_key_id=api_key_id)
        if key is not None and key.last_used_at_ms <= now_ms - every_ms:
            self.items[key.id] = replace(key, last_used_at_ms=now_ms)


class FakeInvitationRepository(_TenantStore):
    async def by_token_hash(self, *, token_hash: str) -> Invitation | None:
        return next((i for i in self.items.values() if i.token_hash == token_hash), None)

    async def mark_accepted(
        self, *, tenant_id: str, invitation_id: str, user_id: str, now_ms: int
    ) -> bool:
        found: Invitation | None = self._in(tenant_id, invitation_id)
        if found is None or found.accepted_by:
            return False
        self.items[invitation_id] = replace(found, accepted_by=user_id, accepted_at_ms=now_ms)
        return True


class FakeLoginAttempts:
    def __init__(self, log: EventLog) -> None:
        self.counts: dict[str, FailureCount] = {}
        self._log = log

    async def current(self, *, key: str, now_ms: int, window_s: int) -> FailureCount:
        count = self.counts.get(key, FailureCount())
        live = count.window_start_ms > now_ms - window_s * 1000
        return count if live else FailureCount()

    async def record_failure(
        self, *, key: str, now_ms: int, window_s: int, events: Sequence[Event]
    ) -> FailureCount:
        count = await self.current(key=key, now_ms=now_ms, window_s=window_s)
        start = count.window_start_ms or now_ms
        self.counts[key] = FailureCount(failures=count.failures + 1, window_start_ms=start)
        self._log.events.extend(events)
        return self.counts[key]

    async def clear(self, *, key: str) -> None:
        if key in self.counts:
            self.counts[key] = replace(self.counts[key], failures=0)


class FakePrivacyAcceptances:
    def __init__(self) -> None:
        self.records: dict[tuple[str, str], PrivacyAcceptance] = {}
        self.versions: dict[str, int] = {}

    async def record(self, acceptance: PrivacyAcceptance) -> PrivacyAcceptance:
        key = (acceptance.user_id, acceptance.version)
        return self.records.setdefault(key, acceptance)

    async def latest(self, *, user_id: str) -> PrivacyAcceptance | None:
        mine = [r for (uid, _), r in self.records.items() if uid == user_id]
        return max(mine, key=lambda r: r.accepted_at_ms) if mine else None

    async def publish_version(self, *, version: str, now_ms: int) -> None:
        self.versions.setdefault(version, now_ms)


class FakePasswordHasher:
    """Reversible 'hashing' tagged with a cost, so rehash-on-change is observable."""

    def __init__(self, cost: int = 1) -> None:
        self.cost = cost
        self.hashed = 0
        self.dummy_checks = 0

    async def hash(self, password: str) -> str:
        self.hashed += 1
        return f"fake${self.cost}${password[::-1]}"

    async def verify(self, password_hash: str, password: str) -> bool:
        return password_hash.split("$", 2)[-1] == password[::-1]

    async def verify_dummy(self, password: str) -> None:
        self.dummy_checks += 1

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash.split("$")[1] != str(self.cost)


class FakeTokenSigner:
    """Keeps the claims of every token it 'signs'; the token is an index into that list."""

    def __init__(self) -> None:
        self.signed: list[dict[str, Any]] = []
        self.rotations = 0

    async def sign(self, claims: dict[str, Any]) -> str:
        self.signed.append(claims)
        return f"fake-access-{len(self.signed) - 1}"

    async def jwks(self) -> list[dict[str, Any]]:
        return [{"kid": "fake", "kty": "OKP", "crv": "Ed25519", "x": "AA"}]

    async def rotate(self) -> None:
        self.rotations += 1

    def claims_of(self, token: str) -> dict[str, Any]:
        return self.signed[int(token.rsplit("-", 1)[1])]
