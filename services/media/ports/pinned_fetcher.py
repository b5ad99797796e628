"""Port: one HTTP GET to an address chosen (and checked) by the caller, never a redirect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from services.media.domain.address_policy import IPAddress
from services.media.domain.import_url import ImportTarget


class FetchedResponse(Protocol):
    """Status, headers and a body read in chunks while the request is open."""

    @property
    def status(self) -> int: ...

    def header(self, name: str) -> str | None: ...

    def body(self) -> AsyncIterator[bytes]: ...


class PinnedFetcher(Protocol):
    """Connects to `address` only (Host header and TLS name from the target), so a DNS answer
    that changes after the check cannot redirect the connection."""

    def get(
        self, target: ImportTarget, *, address: IPAddress
    ) -> AbstractAsyncContextManager[FetchedResponse]: ...
