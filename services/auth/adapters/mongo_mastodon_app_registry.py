"""MastodonAppRegistry on MongoDB; the client secret is wrapped by the key vault at rest."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.auth.ports.key_vault import KeyVault
from services.auth.ports.mastodon_app_registry import AppRegistration

COLLECTION = "mastodon_apps"


class MongoMastodonAppRegistry:
    def __init__(self, db: AsyncDatabase[Any], vault: KeyVault) -> None:
        self._apps = db[COLLECTION]
        self._vault = vault

    async def get(self, *, instance_url: str) -> AppRegistration | None:
        doc = await self._apps.find_one({"_id": instance_url})
        if doc is None:
            return None
        secret = await self._vault.unwrap(
            bytes(doc["client_secret"]), context=_context(instance_url)
        )
        return AppRegistration(
            instance_url=instance_url,
            client_id=doc["client_id"],
            client_secret=secret.decode(),
            redirect_uri=doc["redirect_uri"],
            scopes=doc["scopes"],
        )

    async def save(self, registration: AppRegistration) -> AppRegistration:
        wrapped = await self._vault.wrap(
            registration.client_secret.encode(), context=_context(registration.instance_url)
        )
        # Replacing keeps the newest registration: it is the one whose redirect URI is current.
        await self._apps.update_one(
            {"_id": registration.instance_url},
            {
                "$set": {
                    "client_id": registration.client_id,
                    "client_secret": wrapped,
                    "redirect_uri": registration.redirect_uri,
                    "scopes": registration.scopes,
                }
            },
            upsert=True,
        )
        return registration


def _context(instance_url: str) -> bytes:
    return f"gamontj/mastodon-app/v1|{instance_url}".encode()
