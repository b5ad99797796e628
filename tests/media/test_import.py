"""Import from URL: the SSRF corpus is refused with a clear code and nothing stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from ipaddress import ip_address

import msgspec
import pytest

from services.media.bootstrap import MediaService
from shared.contracts import media as contract
from shared.settings import Settings
from tests.media.fakes import FakeResolver
from tests.media.origin import PHOTO, Origin, running_origin
from tests.media.support import StartMedia, call, member, refused, settled

pytestmark = pytest.mark.integration

BLOCKED = "import_address_blocked"
CORPUS = [
    ("http://127.0.0.1/photo.png", BLOCKED),
    ("http://localhost/photo.png", BLOCKED),
    ("http://LOCALHOST./photo.png", BLOCKED),
    ("http://0.0.0.0/", BLOCKED),
    ("http://[::1]/", BLOCKED),
    ("http://[::]/", BLOCKED),
    ("http://[::ffff:127.0.0.1]/", BLOCKED),
    ("http://[::ffff:a9fe:a9fe]/", BLOCKED),
    ("http://[64:ff9b::a9fe:a9fe]/", BLOCKED),
    ("http://169.254.169.254/latest/meta-data/", BLOCKED),
    ("http://2852039166/latest/meta-data/", BLOCKED),
    ("http://0xA9FEA9FE/latest/meta-data/", BLOCKED),
    ("http://0251.0376.0251.0376/latest/meta-data/", BLOCKED),
    ("http://0xa9.0xfe.0xa9.0xfe/", BLOCKED),
    ("http://169.254.43518/", BLOCKED),
    ("http://127.1/", BLOCKED),
    ("http://017700000001/", BLOCKED),
    ("http://10.0.0.1/", BLOCKED),
    ("http://172.16.5.4/", BLOCKED),
    ("http://172.31.255.255/", BLOCKED),
    ("http://192.168.1.1/", BLOCKED),
    ("http://100.64.0.1/", BLOCKED),
    ("http://[fd00::1]/", BLOCKED),
    ("http://[fe80::1]/", BLOCKED),
    ("http://224.0.0.1/", BLOCKED),
    ("http://internal.example/photo.png", BLOCKED),
    ("http://mixed.example/photo.png", BLOCKED),
    ("http://nowhere.example/photo.png", "import_host_unresolvable"),
    ("file:///etc/passwd", "import_scheme_not_allowed"),
    ("gopher://127.0.0.1:25/_HELO", "import_scheme_not_allowed"),
    ("ftp://example.com/photo.png", "import_scheme_not_allowed"),
    ("javascript:alert(1)", "import_scheme_not_allowed"),
    ("http://user:secret@example.com/photo.png", "import_url_invalid"),
    ("http://256.256.256.256/", "import_url_invalid"),
    ("http:///photo.png", "import_url_invalid"),
]
RESOLVER_ANSWERS = {
    "internal.example": [ip_address("10.1.2.3")],
    "mixed.example": [ip_address("93.184.216.34"), ip_address("192.168.0.7")],
    "cdn.example": [ip_address("127.0.0.1")],
}


@pytest.fixture
async def origin() -> AsyncIterator[Origin]:
    async with running_origin() as running:
        yield running


@pytest.fixture
async def loopback_media(start_media: StartMedia, media_settings: Settings) -> MediaService:
    """Imports allowed to reach loopback (where the test origin runs), as in tests only."""
    allowed = msgspec.structs.replace(
        media_settings, media_import_allow_loopback_for_tests=True, media_import_timeout_s=1.0
    )
    return await start_media(settings=allowed, resolver=FakeResolver(RESOLVER_ANSWERS))


async def _import(service: MediaService, url: str) -> contract.MediaView:
    ctx = member()
    request = contract.ImportMediaRequest(ctx=ctx, url=url)
    accepted = await call(service, contract.IMPORT, request, contract.ImportMediaReply)
    return await settled(service, ctx, accepted.media.id)


async def test_the_ssrf_corpus_is_refused_before_any_connection(start_media: StartMedia) -> None:
    # One service for the whole corpus; every URL must get its own code and store nothing.
    service = await start_media(resolver=FakeResolver(RESOLVER_ANSWERS))
    ctx = member()
    outcomes: dict[str, tuple[int, str]] = {}
    for url, _ in CORPUS:
        request = contract.ImportMediaRequest(ctx=ctx, url=url)
        problem = await refused(call(service, contract.IMPORT, request, dict))
        outcomes[url] = (problem.status, problem.code)
    assert outcomes == {url: (422, code) for url, code in CORPUS}
    page = await call(
        service, contract.LIST, contract.ListMediaRequest(ctx=ctx), contract.MediaPage
    )
    assert page.items == [] and await service.ctx.storage.keys("") == []


async def test_an_image_is_imported_over_a_connection_pinned_to_the_checked_address(
    loopback_media: MediaService, origin: Origin
) -> None:
    # cdn.example exists only in the fake resolver: the fetcher never resolves names itself.
    view = await _import(loopback_media, f"http://cdn.example:{origin.port}/photo.png")
    assert view.status == "ready" and view.filename == "photo.png" and view.size == len(PHOTO)
    assert origin.seen == [("/photo.png", f"cdn.example:{origin.port}")]


async def test_three_redirects_are_followed_and_a_fourth_is_refused(
    loopback_media: MediaService, origin: Origin
) -> None:
    assert (await _import(loopback_media, origin.url("/hops/2"))).status == "ready"
    refused_view = await _import(loopback_media, origin.url("/hops/3"))
    assert (refused_view.status, refused_view.reason) == ("rejected", "import_too_many_redirects")


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://internal.example/x"]
)
async def test_a_redirect_to_an_internal_address_is_refused(
    loopback_media: MediaService, origin: Origin, target: str
) -> None:
    view = await _import(loopback_media, origin.url(f"/redirect?to={target}"))
    assert (view.status, view.reason) == ("rejected", BLOCKED)
    assert [path for path, _ in origin.seen] == [f"/redirect?to={target}"]
    assert await loopback_media.ctx.storage.keys("") == []


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/huge", "import_too_large"),
        ("/huge-announced", "import_too_large"),
        ("/slow", "import_timeout"),
        ("/page.html", "media_type_mismatch"),
        ("/missing", "import_failed"),
    ],
)
async def test_bodies_over_the_size_or_time_caps_are_refused_and_not_kept(
    loopback_media: MediaService, origin: Origin, path: str, reason: str
) -> None:
    view = await _import(loopback_media, origin.url(path))
    assert (view.status, view.reason) == ("rejected", reason)
    assert await loopback_media.ctx.storage.keys("") == []
