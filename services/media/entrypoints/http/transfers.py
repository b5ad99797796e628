"""Signed transfers: PUT streams an upload into storage, GET streams a download out."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, head, put
from litestar.datastructures import State
from litestar.params import FromPath
from litestar.response import Stream

from services.media.app.open_download import open_download
from services.media.app.receive_upload import receive_upload
from services.media.app.views import media_view
from services.media.domain.errors import ErrorCode, MediaError
from services.media.domain.filenames import content_disposition
from shared.contracts.media import MediaView


@put("/uploads/{token:str}", status_code=200, request_max_body_size=None)
async def upload(token: FromPath[str], request: Request[Any, Any, Any], state: State) -> MediaView:
    """Exactly the declared number of bytes, of the declared type, once, before expiry."""
    media = await receive_upload(
        state.media, token=token, chunks=request.stream(), content_length=_length(request)
    )
    return media_view(media)


@get("/downloads/{token:str}")
async def download(token: FromPath[str], state: State) -> Stream:
    """Always an attachment, never sniffed: a browser must not render what it downloads."""
    found = await open_download(state.media, token=token)
    return Stream(
        found.stream(),
        media_type=found.media.content_type,
        headers=_download_headers(found.media.filename, found.size),
    )


@head("/downloads/{token:str}")
async def download_head(token: FromPath[str], state: State) -> Response[None]:
    """What a provider checks before pulling: type and length, no body."""
    found = await open_download(state.media, token=token)
    headers = _download_headers(found.media.filename, found.size)
    # Litestar refuses a media type without a body on HEAD; the header says it instead.
    return Response(None, headers=headers | {"Content-Type": found.media.content_type})


def _download_headers(filename: str, size: int) -> dict[str, str]:
    return {
        "Content-Disposition": content_disposition(filename),
        "Content-Length": str(size),
        "Cache-Control": "private, no-store",
    }


def _length(request: Request[Any, Any, Any]) -> int | None:
    raw = request.headers.get("content-length")
    if raw is None:
        return None
    if not raw.isdigit():
        raise MediaError(ErrorCode.INVALID_REQUEST, "Content-Length is not a number")
    return int(raw)
