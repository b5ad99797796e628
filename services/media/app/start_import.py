"""Use case: accept an import URL after checking where it points; the fetch runs in a worker."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from services.media.app.context import MediaContext
from services.media.app.remote_fetch import vet_target
from services.media.app.replays import replay_of
from services.media.domain.access import WRITERS, require_role
from services.media.domain.filenames import filename_or
from services.media.domain.idempotency import idempotency_mark
from services.media.domain.import_url import parse_import_url
from services.media.domain.media import Media, MediaSource
from services.media.ports.media_repository import IdempotencyKeyTaken
from shared.ids import new_id
from shared.tenancy import RequestContext


async def start_import(
    ctx: MediaContext, request: RequestContext, *, url: str, idempotency_key: str = ""
) -> tuple[Media, bool]:
    """Refuses bad schemes and internal addresses at once (later hops are checked again);
    returns the record and whether it answers a repeated idempotency key."""
    tenant_id = require_role(request, WRITERS)
    target = parse_import_url(url)
    await vet_target(ctx, target)
    media_id = new_id("med")
    media = Media(
        id=media_id,
        tenant_id=tenant_id,
        kind=None,
        content_type="",
        filename=filename_or(_last_segment(target.url), f"import-{media_id[-8:].lower()}"),
        declared_size=None,
        source=MediaSource.IMPORT,
        source_url=target.url,
        created_at=ctx.clock.now(),
        created_by=request.actor,
    )
    mark = idempotency_mark("import", idempotency_key, target.url)
    try:
        await ctx.media.add(media, upload_nonce="", idempotency=mark, events=[])
    except IdempotencyKeyTaken:
        assert mark is not None
        first, _ = await replay_of(ctx, tenant_id, mark)
        return first, True
    ctx.work.notify()
    return media, False


def _last_segment(url: str) -> str:
    return unquote(PurePosixPath(urlsplit(url).path).name)
