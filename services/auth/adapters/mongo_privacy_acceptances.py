"""PrivacyAcceptances on MongoDB: one record per (user, version), never overwritten."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.auth.domain.privacy import PrivacyAcceptance
from shared.store.indexes import IndexSpec

COLLECTION = "privacy_acceptances"
VERSIONS = "privacy_policies"
# Acceptance is a person's, not a workspace's.
INDEXES = [
    IndexSpec(COLLECTION, (("user_id", 1), ("accepted_at_ms", -1)), tenant_scoped=False),
]


class MongoPrivacyAcceptances:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._acceptances = db[COLLECTION]
        self._versions = db[VERSIONS]

    async def record(self, acceptance: PrivacyAcceptance) -> PrivacyAcceptance:
        key = f"{acceptance.user_id}|{acceptance.version}"
        try:
            await self._acceptances.insert_one({"_id": key, **msgspec.to_builtins(acceptance)})
        except DuplicateKeyError:
            stored = _acceptance(await self._acceptances.find_one({"_id": key}))
            assert stored is not None
            return stored
        return acceptance

    async def latest(self, *, user_id: str) -> PrivacyAcceptance | None:
        cursor = self._acceptances.find({"user_id": user_id}).sort("accepted_at_ms", -1).limit(1)
        docs = await cursor.to_list()
        return _acceptance(docs[0]) if docs else None

    async def publish_version(self, *, version: str, now_ms: int) -> None:
        # Known already: the first time it was seen stays.
        with contextlib.suppress(DuplicateKeyError):
            await self._versions.insert_one({"_id": version, "first_seen_at_ms": now_ms})


def _acceptance(doc: Mapping[str, Any] | None) -> PrivacyAcceptance | None:
    if doc is None:
        return None
    fields = PrivacyAcceptance.__struct_fields__
    return msgspec.convert({f: doc[f] for f in fields}, PrivacyAcceptance)
