"""API keys: a workspace credential with a role, shown once and stored as a digest."""

from __future__ import annotations

import msgspec

from services.auth.domain.roles import Role

API_KEY_ID_PREFIX = "key"
# `gmj_` and 8 characters: enough to tell keys apart in a list, far too little to guess the rest.
SHOWN_PREFIX_LENGTH = 12


class ApiKey(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    tenant_id: str
    name: str
    role: Role
    prefix: str
    key_hash: str
    created_by: str
    created_at_ms: int
    last_used_at_ms: int = 0
    revoked_at_ms: int = 0


def is_api_key_actor(actor: str) -> bool:
    return actor.startswith(API_KEY_ID_PREFIX + "_")
