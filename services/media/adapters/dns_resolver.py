"""Resolver through the system's resolver (getaddrinfo), bounded in time."""

from __future__ import annotations

import asyncio
import socket
from ipaddress import ip_address

from services.media.domain.address_policy import IPAddress


class DnsResolver:
    """A name that does not resolve in time resolves to nothing (the import is refused)."""

    def __init__(self, *, timeout_s: float = 5.0) -> None:
        self._timeout_s = timeout_s

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self._timeout_s):
                infos = await loop.getaddrinfo(
                    host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
                )
        except (OSError, TimeoutError, UnicodeError):
            return []
        addresses: dict[IPAddress, None] = {}
        for *_, sockaddr in infos:
            addresses[ip_address(str(sockaddr[0]))] = None
        return list(addresses)
