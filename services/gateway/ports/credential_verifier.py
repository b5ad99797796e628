"""Port: turns a bearer credential (access token or API key) into the caller it stands for."""

from __future__ import annotations

from typing import Literal, Protocol

import msgspec


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """The verified caller: the tenant and role come from here and nowhere else."""

    kind: Literal["user", "api_key"]
    subject: str
    tenant_id: str | None
    role: str | None
    session_id: str = ""
    privacy_version: str = ""


class CredentialRejected(Exception):
    """The credential is not one we accept (the reason is for logs, never for the client)."""


class CredentialVerifier(Protocol):
    """Verifies locally where it can (signed tokens) and asks the owner otherwise (API keys)."""

    async def verify(self, credential: str) -> Principal:
        """The caller, or `CredentialRejected`; infrastructure failures raise `Problem`."""
        ...
