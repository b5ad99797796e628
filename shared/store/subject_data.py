"""Store moves every service's data-subject adapter makes: find, erase a workspace, pseudonymise.

Each service lists its own collections and fields; these helpers only do the Mongo work the
same way everywhere, so an export hides the same bookkeeping and an erasure counts alike.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.store.values import plain

ERASED = "erased"  # what replaces a person's id in records another person still needs


async def find_shown(
    db: AsyncDatabase[Any], name: str, condition: dict[str, Any], *, hidden: Collection[str]
) -> list[dict[str, Any]]:
    """Documents matching `condition`, as JSON-ready values without the `hidden` fields."""
    docs = await db[name].find(condition).to_list()
    shown = (plain({k: v for k, v in doc.items() if k not in hidden}) for doc in docs)
    return [doc for doc in shown if isinstance(doc, dict)]


async def erase_tenant(
    db: AsyncDatabase[Any], collections: Iterable[str], *, tenant_id: str
) -> dict[str, int]:
    """Delete every document of the workspace from each collection; counts per collection."""
    return {
        name: (await db[name].delete_many({"tenant_id": tenant_id})).deleted_count
        for name in collections
    }


async def pseudonymise_fields(
    db: AsyncDatabase[Any], name: str, fields: Iterable[str], *, tenant_id: str, user_id: str
) -> dict[str, int]:
    """Replace the person's id by ERASED in each field of one collection; counts per field."""
    counts: dict[str, int] = {}
    for field in fields:
        result = await db[name].update_many(
            {"tenant_id": tenant_id, field: user_id}, {"$set": {field: ERASED}}
        )
        counts[f"{name}.{field}"] = result.modified_count
    return counts
