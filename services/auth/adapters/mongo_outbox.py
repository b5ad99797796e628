"""Index shared by every collection whose documents carry outbox events (the relay's query)."""

from __future__ import annotations

from shared.messaging.outbox import PENDING_FIELD
from shared.store.indexes import IndexSpec


def outbox_index(collection: str) -> IndexSpec:
    # The relay polls for pending documents; without this it would scan the collection.
    return IndexSpec(collection, ((PENDING_FIELD, 1),), tenant_scoped=False)
