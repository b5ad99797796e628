"""Port: name resolution for imports (every address is checked before any connection)."""

from __future__ import annotations

from typing import Protocol

from services.media.domain.address_policy import IPAddress


class Resolver(Protocol):
    """Every address a host name resolves to; an empty list when it does not resolve."""

    async def resolve(self, host: str, port: int) -> list[IPAddress]: ...
