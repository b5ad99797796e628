"""The one SSRF-safe way to read a remote URL: checked addresses, pinned connections, capped."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from ipaddress import IPv4Address

from services.media.app.context import MediaContext
from services.media.domain.address_policy import IPAddress, blocked_reason, is_localhost_name
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.import_url import ImportTarget, parse_import_url, redirect_target

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


async def vet_target(ctx: MediaContext, target: ImportTarget) -> IPAddress:
    """The address to connect to; every address the host resolves to must be public."""
    if target.literal is not None:
        candidates: list[IPAddress] = [target.literal]
    elif is_localhost_name(target.host):
        candidates = [IPv4Address("127.0.0.1")]
    else:
        candidates = await ctx.resolver.resolve(target.host, target.port)
        if not candidates:
            raise MediaError(ErrorCode.IMPORT_UNRESOLVABLE, f"{target.host} does not resolve")
    for address in candidates:
        reason = blocked_reason(address, allow_loopback=ctx.limits.import_allow_loopback)
        if reason is not None:
            raise MediaError(
                ErrorCode.IMPORT_BLOCKED, f"{target.host} is a {reason} address ({address})"
            )
    return candidates[0]


@asynccontextmanager
async def open_remote(ctx: MediaContext, url: str) -> AsyncIterator[AsyncIterator[bytes]]:
    """The body of a 200 answer; each redirect (at most the configured number) is re-checked."""
    target = parse_import_url(url)
    for _ in range(ctx.limits.import_max_redirects + 1):
        address = await vet_target(ctx, target)
        async with ctx.fetcher.get(target, address=address) as response:
            if response.status in REDIRECT_STATUSES:
                location = response.header("location")
                if not location:
                    raise MediaError(ErrorCode.IMPORT_FAILED, "a redirect without a Location")
                target = redirect_target(target, location)
                continue
            if response.status != 200:
                raise MediaError(ErrorCode.IMPORT_FAILED, f"the server answered {response.status}")
            _check_length(ctx, response.header("content-length"))
            yield response.body()
            return
    raise MediaError(
        ErrorCode.IMPORT_REDIRECTS, f"more than {ctx.limits.import_max_redirects} redirects"
    )


def _check_length(ctx: MediaContext, announced: str | None) -> None:
    # A lie in Content-Length is caught by the streaming cap; an honest large one fails early.
    if announced and announced.isdigit() and int(announced) > ctx.limits.import_max_bytes:
        raise MediaError(ErrorCode.IMPORT_TOO_LARGE, f"{announced} bytes announced")
