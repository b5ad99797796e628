"""Use cases: read and change a workspace's retention settings (owners and admins change them)."""

from __future__ import annotations

import msgspec

from services.audit.app.read_trail import require_reader
from services.audit.domain.retention import DEFAULTS, RetentionSettings, violations
from services.audit.ports.retention_repository import RetentionRepository
from shared.contracts.audit import Retention, RetentionChanged


class InvalidRetention(Exception):
    def __init__(self, problems: list[dict[str, object]]) -> None:
        super().__init__("retention settings out of bounds")
        self.problems = problems


async def get_retention(repo: RetentionRepository, *, tenant_id: str) -> RetentionSettings:
    """The workspace's settings, or the defaults."""
    return await repo.get(tenant_id=tenant_id) or DEFAULTS


async def put_retention(
    repo: RetentionRepository,
    *,
    tenant_id: str,
    role: str | None,
    actor: str,
    wanted: RetentionSettings,
) -> RetentionSettings:
    """Validate every field at once, store, and tell the other services in the same write."""
    require_reader(role)
    if problems := violations(wanted):
        raise InvalidRetention(problems)
    event = RetentionChanged(
        tenant_id=tenant_id,
        actor=actor,
        settings=msgspec.convert(msgspec.to_builtins(wanted), Retention),
    )
    await repo.put(tenant_id=tenant_id, settings=wanted, events=[event])
    return wanted
