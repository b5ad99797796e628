"""Port: one-way password hashing with a work factor that can be raised over time."""

from __future__ import annotations

from typing import Protocol


class PasswordHasher(Protocol):
    """Hashing is slow on purpose; implementations keep it off the event loop."""

    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool:
        """False for a wrong password or an unreadable hash; never raises for either."""
        ...

    async def verify_dummy(self, password: str) -> None:
        """Spend one verification's time, so unknown accounts answer as slowly as known ones."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with other parameters than the current ones."""
        ...
