"""Use case: read the workspace's disclosure ledger (owners and admins only)."""

from __future__ import annotations

from services.audit.app.read_trail import require_reader
from services.audit.domain.disclosure_entry import DisclosureEntry
from services.audit.ports.disclosure_ledger import DisclosureFilter, DisclosureLedger


async def read_disclosures(
    ledger: DisclosureLedger,
    *,
    tenant_id: str,
    role: str | None,
    where: DisclosureFilter,
    before: str | None,
    limit: int,
) -> list[DisclosureEntry]:
    """Newest first; page with `before` set to the last entry's position."""
    require_reader(role)
    return await ledger.page(tenant_id=tenant_id, where=where, before=before, limit=limit)
