"""Which network addresses an import may connect to: public unicast only.

Hosts are read the way resolvers and browsers read them, so `2852039166`, `0xA9FEA9FE` and
`0251.0376.0251.0376` are all 169.254.169.254, and IPv6 forms that carry an IPv4 address
(mapped, compatible, 6to4, NAT64, Teredo) are judged by the IPv4 address inside.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from services.media.domain.errors import ErrorCode, MediaError

IPAddress = IPv4Address | IPv6Address

_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
_CGNAT = IPv4Network("100.64.0.0/10")
_NAT64 = IPv6Network("64:ff9b::/96")
_V4_COMPATIBLE = IPv6Network("::/96")
_METADATA = frozenset(
    {ip_address("169.254.169.254"), ip_address("fd00:ec2::254"), ip_address("100.100.100.200")}
)


def literal_address(host: str) -> IPAddress | None:
    """The address a host names literally (any spelling), None for a name to resolve."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return ip_address(bare)
    except ValueError:
        pass
    labels = bare.removesuffix(".").split(".")
    if not _NUMERIC_LABEL.match(labels[-1]):
        return None
    # A numeric last label makes the host an IPv4 address to URL parsers; anything else
    # numeric-looking that is not a valid address is refused rather than guessed at.
    if len(labels) > 4 or not all(_NUMERIC_LABEL.match(label) for label in labels):
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, f"{host!r} is not a valid address")
    return _inet_aton(host, labels)


def _inet_aton(host: str, labels: list[str]) -> IPv4Address:
    try:
        values = [_number(label) for label in labels]
    except ValueError as exc:
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, f"{host!r} is not an address") from exc
    *leading, last = values
    if any(v > 255 for v in leading) or last >= 256 ** (5 - len(values)):
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, f"{host!r} is out of range")
    number = last
    for index, value in enumerate(leading):
        number += value << (8 * (3 - index))
    return IPv4Address(number)


def _number(label: str) -> int:
    if label.lower().startswith("0x"):
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label, 8)
    return int(label)


def is_localhost_name(host: str) -> bool:
    """`localhost` and `*.localhost` are loopback by definition (RFC 6761), whatever DNS says."""
    name = host.lower().removesuffix(".")
    return name == "localhost" or name.endswith(".localhost")


def blocked_reason(address: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why the address must not be fetched from, or None when it is public unicast."""
    if isinstance(address, IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            return blocked_reason(inner, allow_loopback=allow_loopback)
    if address in _METADATA:
        return "cloud metadata endpoint"
    if address.is_loopback:
        return None if allow_loopback else "loopback"
    checks = (
        (address.is_unspecified, "unspecified"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (isinstance(address, IPv4Address) and address in _CGNAT, "shared (CGNAT)"),
        (address.is_private, "private"),
        (isinstance(address, IPv6Address) and address.is_site_local, "site-local"),
        (address.is_reserved or not address.is_global, "reserved"),
    )
    return next((reason for hit, reason in checks if hit), None)


def _embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    low32 = IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _NAT64:
        return low32
    if address in _V4_COMPATIBLE and int(address) > 1:
        return low32
    return None
