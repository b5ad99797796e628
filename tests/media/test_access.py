"""Tenant isolation and roles: another workspace's id is not found; roles are re-checked."""

from __future__ import annotations

import pytest

from services.media.bootstrap import MediaService
from shared.contracts import media as contract
from shared.tenancy import RequestContext
from tests.media import samples
from tests.media.support import call, create, member, refused, upload

pytestmark = pytest.mark.integration


async def test_another_workspace_cannot_see_sign_review_or_delete_our_media(
    media: MediaService,
) -> None:
    ours = member("owner")
    view = await upload(media, ours, samples.png())
    theirs = member("owner")
    media_id = view.id
    attempts = [
        (contract.GET, contract.MediaIdRequest(ctx=theirs, media_id=media_id)),
        (contract.DELETE, contract.MediaIdRequest(ctx=theirs, media_id=media_id)),
        (contract.OPEN_STREAM, contract.MediaIdRequest(ctx=theirs, media_id=media_id)),
        (contract.SIGN_DOWNLOAD, contract.SignDownloadRequest(ctx=theirs, media_id=media_id)),
        (
            contract.REVIEW,
            contract.ReviewMediaRequest(ctx=theirs, media_id=media_id, decision="approve"),
        ),
    ]
    for subject, request in attempts:
        problem = await refused(call(media, subject, request, contract.MediaView))
        assert (problem.status, problem.code) == (404, "not_found"), subject
    described = await call(
        media,
        contract.DESCRIBE,
        contract.DescribeMediaRequest(ctx=theirs, media_ids=[media_id]),
        contract.DescribeMediaReply,
    )
    assert described.items == [] and described.missing == [media_id]
    page = await call(
        media, contract.LIST, contract.ListMediaRequest(ctx=theirs), contract.MediaPage
    )
    assert page.items == []
    still = await call(
        media,
        contract.GET,
        contract.MediaIdRequest(ctx=ours, media_id=media_id),
        contract.MediaView,
    )
    assert still.status == "ready"


async def test_viewers_read_but_cannot_upload_delete_or_change_settings(
    media: MediaService,
) -> None:
    editor = member("editor")
    view = await upload(media, editor, samples.png())
    viewer = member("viewer", tenant=editor.tenant_id)
    got = await call(
        media,
        contract.GET,
        contract.MediaIdRequest(ctx=viewer, media_id=view.id),
        contract.MediaView,
    )
    assert got.id == view.id
    for attempt in (
        create(media, viewer, size=10),
        call(media, contract.DELETE, contract.MediaIdRequest(ctx=viewer, media_id=view.id), dict),
        call(
            media,
            contract.SET_SETTINGS,
            contract.SetMediaSettingsRequest(ctx=viewer, review_required=True),
            dict,
        ),
    ):
        problem = await refused(attempt)
        assert (problem.status, problem.code) == (403, "forbidden")


async def test_a_request_without_a_workspace_is_unauthenticated(media: MediaService) -> None:
    anonymous = RequestContext(actor="usr_x", role="owner")
    problem = await refused(create(media, anonymous, size=10))
    assert (problem.status, problem.code) == (401, "unauthenticated")


async def test_pages_follow_an_opaque_cursor_newest_first(media: MediaService) -> None:
    ctx = member()
    made = [(await create(media, ctx, size=10 + n)).media.id for n in range(5)]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        page = await call(
            media,
            contract.LIST,
            contract.ListMediaRequest(ctx=ctx, cursor=cursor, limit=2),
            contract.MediaPage,
        )
        seen += [item.id for item in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == list(reversed(made))
    problem = await refused(
        call(media, contract.LIST, contract.ListMediaRequest(ctx=ctx, cursor="bm9wZQ"), dict)
    )
    assert (problem.status, problem.code) == (400, "invalid_cursor")
