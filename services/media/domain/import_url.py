"""Parsing an import URL into exactly what the fetcher will connect to (http and https only)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import msgspec

from services.media.domain.address_policy import IPAddress, literal_address
from services.media.domain.errors import ErrorCode, MediaError

MAX_URL_LENGTH = 2048
DEFAULT_PORTS = {"http": 80, "https": 443}


class ImportTarget(msgspec.Struct, frozen=True, kw_only=True):
    """One parsed URL: the name to send as Host/SNI and, for literal hosts, the address."""

    url: str
    scheme: str
    host: str
    port: int
    path_and_query: str
    literal: IPAddress | None = None

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def parse_import_url(raw: str) -> ImportTarget:
    """Refuse anything but a plain absolute http(s) URL without credentials."""
    if len(raw) > MAX_URL_LENGTH or any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in raw):
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, "the URL is too long or has spaces")
    if "\\" in raw:
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, "backslashes are not allowed in URLs")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, f"unparsable URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise MediaError(ErrorCode.IMPORT_SCHEME, f"only http and https, not {scheme or '?'}:")
    if "@" in parts.netloc:
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, "credentials in URLs are not accepted")
    host = parts.hostname or ""
    if not host:
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, "the URL has no host")
    literal = literal_address(host)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return ImportTarget(
        url=parts._replace(fragment="").geturl(),
        scheme=scheme,
        host=str(literal) if literal is not None else _ascii_host(host),
        port=port or DEFAULT_PORTS[scheme],
        path_and_query=path,
        literal=literal,
    )


def redirect_target(current: ImportTarget, location: str) -> ImportTarget:
    """The next hop of a redirect, parsed and checked like the first URL."""
    return parse_import_url(urljoin(current.url, location))


def _ascii_host(host: str) -> str:
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, f"invalid host name {host!r}") from exc
    if not all(ch.isalnum() or ch in "-." for ch in ascii_host):
        raise MediaError(ErrorCode.IMPORT_URL_INVALID, f"invalid host name {host!r}")
    return ascii_host
