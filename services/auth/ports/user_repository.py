"""Port: user accounts (not tenant data: a user belongs to any number of workspaces)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from services.auth.domain.user import User
from shared.contracts.envelope import Event


class UserRepository(Protocol):
    """Accounts by id and by normalised e-mail; e-mails are unique."""

    async def add(self, user: User, *, events: Sequence[Event]) -> None:
        """Store a new account with its events; raises `EmailTaken` when the e-mail is in use."""
        ...

    async def get(self, *, user_id: str) -> User | None: ...

    async def by_email(self, *, email: str) -> User | None: ...

    async def get_many(self, *, user_ids: Sequence[str]) -> list[User]: ...

    async def set_password_hash(self, *, user_id: str, password_hash: str) -> None: ...
