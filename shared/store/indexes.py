"""Index declarations kept next to each repository and created at start-up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase


@dataclass(frozen=True)
class IndexSpec:
    """One index: tenant data indexes start with `tenant_id` (checked by `ensure_indexes`)."""

    collection: str
    keys: tuple[tuple[str, int], ...]
    unique: bool = False
    ttl_s: int | None = None
    tenant_scoped: bool = True


class IndexDeclarationError(ValueError):
    """An index on tenant data that does not lead with tenant_id."""


async def ensure_indexes(db: AsyncDatabase[Any], specs: Iterable[IndexSpec]) -> None:
    """Create every declared index; no custom names (not every store honours them)."""
    for spec in specs:
        first = spec.keys[0][0]
        if spec.tenant_scoped and spec.ttl_s is None and first != "tenant_id":
            raise IndexDeclarationError(
                f"{spec.collection} index {spec.keys} must start with tenant_id"
            )
        options: dict[str, Any] = {"unique": spec.unique} if spec.unique else {}
        if spec.ttl_s is not None:
            options["expireAfterSeconds"] = spec.ttl_s
        await db[spec.collection].create_index(list(spec.keys), **options)
