"""Mapping between Connection and its stored document (instants also as epoch ms for queries)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from services.auth.domain.connection import Connection, ConnectionStatus, RefreshOutcome
from shared.store.values import epoch_ms, utc


def to_fields(connection: Connection) -> dict[str, Any]:
    return {
        "tenant_id": connection.tenant_id,
        "provider": connection.provider,
        "account_id": connection.account_id,
        "display_name": connection.display_name,
        "handle": connection.handle,
        "avatar_url": connection.avatar_url,
        "scopes": list(connection.scopes),
        "status": connection.status.value,
        "access_expires_at": connection.access_expires_at,
        "access_expires_ms": _ms(connection.access_expires_at),
        "refresh_expires_at": connection.refresh_expires_at,
        "connected_by": connection.connected_by,
        "connected_at": connection.connected_at,
        "connected_at_ms": epoch_ms(connection.connected_at),
        "refreshed_at": connection.refreshed_at,
        "last_refresh_error": connection.last_refresh_error,
        "revocation": connection.revocation,
        "deleted": False,
    }


def outcome_fields(outcome: RefreshOutcome) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "status": outcome.status.value,
        "last_refresh_error": outcome.last_refresh_error,
    }
    if outcome.refreshed_at is not None:
        fields["refreshed_at"] = outcome.refreshed_at
    if outcome.expiry_changed:
        fields |= {
            "access_expires_at": outcome.access_expires_at,
            "access_expires_ms": _ms(outcome.access_expires_at),
            "refresh_expires_at": outcome.refresh_expires_at,
        }
    return fields


def from_document(doc: Mapping[str, Any]) -> Connection:
    return Connection(
        id=str(doc["_id"]),
        tenant_id=doc["tenant_id"],
        provider=doc["provider"],
        account_id=doc["account_id"],
        display_name=doc.get("display_name", ""),
        handle=doc.get("handle", ""),
        avatar_url=doc.get("avatar_url", ""),
        scopes=tuple(doc.get("scopes") or ()),
        status=ConnectionStatus(doc.get("status", "active")),
        access_expires_at=utc(doc.get("access_expires_at")),
        refresh_expires_at=utc(doc.get("refresh_expires_at")),
        connected_by=doc.get("connected_by", ""),
        connected_at=utc(doc["connected_at"]) or datetime.fromtimestamp(0),
        refreshed_at=utc(doc.get("refreshed_at")),
        last_refresh_error=doc.get("last_refresh_error", ""),
        revocation=doc.get("revocation", ""),
    )


def _ms(moment: datetime | None) -> int | None:
    return None if moment is None else epoch_ms(moment)
