"""UserRepository on MongoDB: one document per account, unique normalised e-mail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.auth.adapters.mongo_outbox import outbox_index
from services.auth.domain.errors import EmailTaken
from services.auth.domain.user import User
from shared.contracts.envelope import Event
from shared.messaging.outbox import outbox_fields
from shared.store.indexes import IndexSpec

COLLECTION = "users"
# Accounts are not tenant data: a user spans workspaces, so these indexes do not lead with it.
INDEXES = [
    IndexSpec(COLLECTION, (("email", 1),), unique=True, tenant_scoped=False),
    outbox_index(COLLECTION),
]
_FIELDS = ("email", "password_hash", "created_at_ms")


class MongoUserRepository:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._users = db[COLLECTION]

    async def add(self, user: User, *, events: Sequence[Event]) -> None:
        doc = {"_id": user.id, **{f: getattr(user, f) for f in _FIELDS}, **outbox_fields(events)}
        try:
            await self._users.insert_one(doc)
        except DuplicateKeyError:
            raise EmailTaken(user.email) from None

    async def get(self, *, user_id: str) -> User | None:
        return _user(await self._users.find_one({"_id": user_id}))

    async def by_email(self, *, email: str) -> User | None:
        return _user(await self._users.find_one({"email": email}))

    async def get_many(self, *, user_ids: Sequence[str]) -> list[User]:
        docs = await self._users.find({"_id": {"$in": list(user_ids)}}).to_list()
        return [user for doc in docs if (user := _user(doc)) is not None]

    async def set_password_hash(self, *, user_id: str, password_hash: str) -> None:
        await self._users.update_one({"_id": user_id}, {"$set": {"password_hash": password_hash}})


def _user(doc: Mapping[str, Any] | None) -> User | None:
    if doc is None:
        return None
    return msgspec.convert({"id": doc["_id"], **{f: doc[f] for f in _FIELDS}}, User)
