"""SubjectRecords on MongoDB: the auth collections read and erased for data-subject requests."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.auth.adapters import (
    mongo_api_key_repository,
    mongo_connection_repository,
    mongo_invitation_repository,
    mongo_login_attempts,
    mongo_oauth_transaction_repository,
    mongo_privacy_acceptances,
    mongo_session_repository,
    mongo_user_repository,
    mongo_workspace_repository,
)
from services.auth.domain.errors import EmailTaken
from services.auth.domain.secret_token import digest
from services.auth.ports.subject_records import Records
from shared.store.subject_data import (
    ERASED,
    erase_tenant,
    find_shown,
    pseudonymise_fields,
)

USERS = mongo_user_repository.COLLECTION
WORKSPACES = mongo_workspace_repository.COLLECTION
SESSIONS = mongo_session_repository.COLLECTION
API_KEYS = mongo_api_key_repository.COLLECTION
INVITATIONS = mongo_invitation_repository.COLLECTION
CONNECTIONS = mongo_connection_repository.COLLECTION
TRANSACTIONS = mongo_oauth_transaction_repository.COLLECTION
ACCEPTANCES = mongo_privacy_acceptances.COLLECTION
ATTEMPTS = mongo_login_attempts.COLLECTION
# Secrets and plumbing never leave in an export: digests, ciphertexts, outbox, idempotency.
_HIDDEN = {
    "password_hash",
    "current_hash",
    "used",
    "key_hash",
    "token_hash",
    "tokens",
    "code_verifier",
    "browser_hash",
    "state_hash",
    "idem",
    "outbox",
    "outbox_pending",
    "refresh_lease",
}


class MongoSubjectRecords:
    def __init__(self, db: AsyncDatabase[Any]) -> None:
        self._db = db

    async def account(self, *, user_id: str) -> Records:
        return {
            "account": await self._find(USERS, {"_id": user_id}),
            "sessions": await self._find(SESSIONS, {"user_id": user_id}),
            "privacy_acceptances": await self._find(ACCEPTANCES, {"user_id": user_id}),
        }

    async def workspace(self, *, tenant_id: str, user_id: str | None) -> Records:
        scope: dict[str, Any] = {"tenant_id": tenant_id}
        mine = (lambda field: {**scope, field: user_id}) if user_id else (lambda _field: scope)
        workspace = await self._find(WORKSPACES, {"_id": tenant_id, "tenant_id": tenant_id})
        if user_id:
            workspace = [_membership(doc, user_id) for doc in workspace]
        return {
            "workspace": workspace,
            "connections": await self._find(CONNECTIONS, mine("connected_by")),
            "api_keys": await self._find(API_KEYS, mine("created_by")),
            "invitations": await self._find(INVITATIONS, mine("invited_by")),
        }

    async def erase_workspace(self, *, tenant_id: str) -> dict[str, int]:
        owned = (CONNECTIONS, API_KEYS, INVITATIONS, TRANSACTIONS, SESSIONS)
        counts = await erase_tenant(self._db, owned, tenant_id=tenant_id)
        gone = await self._db[WORKSPACES].delete_one({"_id": tenant_id, "tenant_id": tenant_id})
        return {"workspaces": gone.deleted_count, **counts}

    async def erase_member(self, *, tenant_id: str, user_id: str, email: str) -> dict[str, int]:
        scope = {"tenant_id": tenant_id}
        counts = {"memberships": await self._leave(tenant_id, user_id)}
        for name, fields in (
            (API_KEYS, ("created_by",)),
            (INVITATIONS, ("invited_by", "accepted_by")),
        ):
            counts |= await pseudonymise_fields(
                self._db, name, fields, tenant_id=tenant_id, user_id=user_id
            )
        addressed = await self._db[INVITATIONS].delete_many({**scope, "email": email})
        counts["invitations_to_subject"] = addressed.deleted_count
        flows = await self._db[TRANSACTIONS].delete_many({**scope, "user_id": user_id})
        counts["oauth_transactions"] = flows.deleted_count
        sessions = await self._db[SESSIONS].delete_many({**scope, "user_id": user_id})
        counts["sessions"] = sessions.deleted_count
        return counts

    async def erase_account(self, *, user_id: str, email: str) -> dict[str, int]:
        sessions = await self._db[SESSIONS].delete_many({"user_id": user_id})
        accepted = await self._db[ACCEPTANCES].delete_many({"user_id": user_id})
        counters = await self._db[ATTEMPTS].delete_many({"_id": "account:" + digest(email)})
        account = await self._db[USERS].delete_one({"_id": user_id})
        return {
            "accounts": account.deleted_count,
            "sessions": sessions.deleted_count,
            "privacy_acceptances": accepted.deleted_count,
            "login_counters": counters.deleted_count,
        }

    async def drop_connection(self, *, tenant_id: str, connection_id: str) -> bool:
        result = await self._db[CONNECTIONS].delete_one(
            {"_id": connection_id, "tenant_id": tenant_id}
        )
        return result.deleted_count == 1

    async def change_email(self, *, user_id: str, old: str, new: str) -> dict[str, int]:
        try:
            account = await self._db[USERS].update_one({"_id": user_id}, {"$set": {"email": new}})
        except DuplicateKeyError:
            raise EmailTaken(new) from None
        # Invitations still open for the old address follow the person to the new one.
        invitations = await self._db[INVITATIONS].update_many(
            {"email": old, "accepted_by": ""}, {"$set": {"email": new}}
        )
        counters = await self._db[ATTEMPTS].delete_many({"_id": "account:" + digest(old)})
        return {
            "accounts": account.modified_count,
            "invitations": invitations.modified_count,
            "login_counters": counters.deleted_count,
        }

    async def rename_workspace(self, *, tenant_id: str, name: str) -> dict[str, int]:
        result = await self._db[WORKSPACES].update_one(
            {"_id": tenant_id, "tenant_id": tenant_id},
            {"$set": {"name": name}, "$inc": {"version": 1}},
        )
        return {"workspaces": result.modified_count}

    async def _leave(self, tenant_id: str, user_id: str) -> int:
        # Compare-and-set on the version, as every workspace write does; retried on a race.
        for _ in range(10):
            doc = await self._db[WORKSPACES].find_one({"_id": tenant_id, "tenant_id": tenant_id})
            if doc is None or user_id not in (doc.get("members") or {}):
                return 0
            members = {k: v for k, v in doc["members"].items() if k != user_id}
            changes: dict[str, Any] = {
                "members": members,
                "member_ids": sorted(members),
                "version": int(doc["version"]) + 1,
            }
            if doc.get("created_by") == user_id:
                changes["created_by"] = ERASED
            result = await self._db[WORKSPACES].update_one(
                {"_id": tenant_id, "tenant_id": tenant_id, "version": doc["version"]},
                {"$set": changes},
            )
            if result.modified_count == 1:
                return 1
        raise RuntimeError(f"workspace {tenant_id} kept changing while a member was erased")

    async def _find(self, name: str, condition: dict[str, Any]) -> list[dict[str, Any]]:
        return await find_shown(self._db, name, condition, hidden=_HIDDEN)


def _membership(doc: dict[str, Any], user_id: str) -> dict[str, Any]:
    """In a shared workspace a person gets their own membership, not the other members'."""
    members = doc.get("members") or {}
    return {"_id": doc["_id"], "name": doc.get("name"), "membership": members.get(user_id)}
