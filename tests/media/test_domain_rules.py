"""Pure rules of the media domain: types by magic bytes, names, addresses, URLs, signing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from ipaddress import ip_address

import pytest

from services.media.adapters.hmac_url_signer import HmacUrlSigner
from services.media.app.stream_guard import StreamGuard
from services.media.domain.address_policy import blocked_reason, literal_address
from services.media.domain.content_types import check_detected, sniff
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.filenames import check_filename, content_disposition
from services.media.domain.grants import GrantPurpose, SignedGrant
from services.media.domain.import_url import parse_import_url
from tests.media import samples


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (samples.image("JPEG"), "image/jpeg"),
        (samples.image("PNG"), "image/png"),
        (samples.image("GIF"), "image/gif"),
        (samples.image("WEBP"), "image/webp"),
        (b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2", "video/mp4"),
        (b"\0\0\0\x14ftypqt  \0\0\0\0qt  ", "video/quicktime"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04webm", "video/webm"),
        (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", None),
        (samples.HTML_PAGE, None),
        (samples.SVG_IMAGE, None),
        (b"%PDF-1.7", None),
    ],
    ids=["jpeg", "png", "gif", "webp", "mp4", "mov", "webm", "heic", "html", "svg", "pdf"],
)
def test_types_come_from_magic_bytes(data: bytes, expected: str | None) -> None:
    assert sniff(data[:64]) == expected


def test_mp4_and_quicktime_are_one_family_but_images_are_not_videos() -> None:
    mov = b"\0\0\0\x14ftypqt  \0\0\0\0qt  "
    assert check_detected(mov, declared="video/mp4") == "video/quicktime"
    with pytest.raises(MediaError) as caught:
        check_detected(samples.image("PNG"), declared="image/jpeg")
    assert caught.value.code is ErrorCode.TYPE_MISMATCH


def test_names_are_kept_as_given_and_served_safely() -> None:
    assert check_filename("Été à Paris (1).png") == "Été à Paris (1).png"
    disposition = content_disposition('Été "1";.png')
    assert disposition.startswith('attachment; filename="_t_ _1__.png"')
    assert disposition.endswith("filename*=UTF-8''%C3%89t%C3%A9%20%221%22%3B.png")
    with pytest.raises(MediaError):
        check_filename("report\u200f.png")


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2852039166", "169.254.169.254"),
        ("0xA9FEA9FE", "169.254.169.254"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("169.254.43518", "169.254.169.254"),
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("example.com", None),
    ],
)
def test_hosts_are_read_as_resolvers_read_them(host: str, address: str | None) -> None:
    found = literal_address(host)
    assert (None if found is None else str(found)) == address


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("10.20.30.40", "private"),
        ("172.16.0.1", "private"),
        ("192.168.0.1", "private"),
        ("100.64.1.1", "shared (CGNAT)"),
        ("169.254.169.254", "cloud metadata endpoint"),
        ("169.254.1.1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("198.18.0.1", "private"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fd00::1", "private"),
        ("fe80::1", "link-local"),
        ("ff02::1", "multicast"),
        ("::ffff:10.0.0.1", "private"),
        ("64:ff9b::a9fe:a9fe", "cloud metadata endpoint"),
        ("2002:7f00:1::", "loopback"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_only_public_unicast_addresses_may_be_fetched(address: str, reason: str | None) -> None:
    assert blocked_reason(ip_address(address)) == reason


def test_loopback_is_allowed_only_by_the_explicit_test_switch() -> None:
    assert blocked_reason(ip_address("127.0.0.1"), allow_loopback=True) is None
    assert blocked_reason(ip_address("::ffff:127.0.0.1"), allow_loopback=True) is None
    assert blocked_reason(ip_address("10.0.0.1"), allow_loopback=True) == "private"


def test_an_import_url_is_parsed_into_what_the_fetcher_connects_to() -> None:
    target = parse_import_url("HTTPS://Bücher.example:8443/a%20b.png?x=1#frag")
    assert (target.scheme, target.host, target.port) == ("https", "xn--bcher-kva.example", 8443)
    assert target.path_and_query == "/a%20b.png?x=1" and "#" not in target.url
    assert target.host_header == "xn--bcher-kva.example:8443"
    for bad in ("http://exa mple.com/", "http://a\\b/", "http://1.2.3.4.5/", "http://[::1/"):
        with pytest.raises(MediaError) as caught:
            parse_import_url(bad)
        assert caught.value.code is ErrorCode.IMPORT_URL_INVALID, bad


def test_signed_grants_cannot_be_forged_or_moved_between_keys() -> None:
    signer = HmacUrlSigner(b"k" * 32)
    grant = SignedGrant(
        purpose=GrantPurpose.UPLOAD, tenant_id="t_1", media_id="med_1", expires_at_s=1, nonce="n"
    )
    token = signer.sign(grant)
    assert signer.verify(token) == grant
    _, _, mac = token.partition(".")
    forged = SignedGrant(
        purpose=GrantPurpose.UPLOAD, tenant_id="t_2", media_id="med_1", expires_at_s=1, nonce="n"
    )
    for bad in (
        signer.sign(forged).partition(".")[0] + "." + mac,
        token + "x",
        "not-a-token",
        HmacUrlSigner(b"j" * 32).sign(grant),
    ):
        with pytest.raises(MediaError) as caught:
            signer.verify(bad)
        assert caught.value.code is ErrorCode.URL_INVALID
    with pytest.raises(ValueError, match="32 bytes"):
        HmacUrlSigner(b"short")


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_the_stream_guard_stops_at_the_first_broken_rule() -> None:
    png = samples.image("PNG")
    consumed: list[bytes] = []
    guard = StreamGuard(
        _chunks(png[:10], png[10:], b"\0" * 100, b"never read"),
        max_bytes=len(png) + 50,
        over_limit=ErrorCode.SIZE_EXCEEDED,
        declared_type="image/png",
    )
    with pytest.raises(MediaError) as caught:
        async for chunk in guard:
            consumed.append(chunk)
    assert caught.value.code is ErrorCode.SIZE_EXCEEDED
    assert b"".join(consumed) == png and guard.size == len(png) + 100
    mismatch = StreamGuard(
        _chunks(samples.HTML_PAGE, b"more"),
        max_bytes=10_000,
        over_limit=ErrorCode.SIZE_EXCEEDED,
        declared_type="image/png",
    )
    with pytest.raises(MediaError) as caught:
        async for _ in mismatch:
            pytest.fail("no byte of a mismatched type may reach storage")
    assert caught.value.code is ErrorCode.TYPE_MISMATCH
