"""Media library: uploads go from the browser straight to the signed URL; facts and review."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

import msgspec
from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, JSONBody
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, PathId, api, back_to, gateway_of, render, session_of

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
UNSETTLED = frozenset({"uploading", "processing"})
REVIEWERS = frozenset({"owner", "admin"})
_CHUNK = 1024 * 1024


class UploadRequest(msgspec.Struct, frozen=True):
    filename: str
    content_type: str
    size: int


class MediaPages(Controller):
    path = "/media"

    @get("/")
    async def index(self, request: AnyRequest) -> Template:
        return await render(request, "media/index.html", **await _library(request))

    @get("/items")
    async def items(self, request: AnyRequest) -> Template:
        """The list alone: htmx polls it while an upload is still being processed."""
        return Template(template_name="media/_items.html", context=await _library(request))

    @post("/tickets")
    async def ticket(self, request: AnyRequest, data: JSONBody[UploadRequest]) -> dict[str, Any]:
        """A signed upload URL for the browser's own PUT (the page's script asks for it)."""
        body = {"filename": data.filename, "content_type": data.content_type, "size": data.size}
        created = await api(request, "POST", "/v1/media", json=body)
        return {"upload_url": created["upload_url"], "media_id": created["media"]["id"]}

    @post("/", request_max_body_size=None)
    async def upload(
        self,
        request: AnyRequest,
        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Redirect:
        """Without JavaScript the file comes here and is streamed on to the signed URL."""
        file = data.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            return back_to("/media", "Choose a file to upload.", kind="error", request=request)
        size = await asyncio.to_thread(_size_of, file)
        limit = request.app.state.settings.upload_max_bytes
        if size > limit:
            return back_to(
                "/media", "That file is too large for this form.", kind="error", request=request
            )
        body = {"filename": file.filename, "content_type": file.content_type, "size": size}
        try:
            created = await api(request, "POST", "/v1/media", json=body)
            await gateway_of(request).put_bytes(
                created["upload_url"], _chunks(file), file.content_type, size
            )
        except ApiProblem as problem:
            return back_to("/media", problem.detail, kind="error", request=request)
        return back_to("/media", f"Uploaded {file.filename}; checking it now.", request=request)

    @post("/{media_id:str}/delete")
    async def delete(self, request: AnyRequest, media_id: PathId) -> Redirect:
        try:
            await api(request, "DELETE", f"/v1/media/{media_id}")
        except ApiProblem as problem:
            return back_to("/media", problem.detail, kind="error", request=request)
        return back_to("/media", "Deleted.", request=request)

    @post("/{media_id:str}/review")
    async def review(self, request: AnyRequest, media_id: PathId, data: Form) -> Redirect:
        body = {"decision": data.get("decision", ""), "reason": data.get("reason", "")[:500]}
        try:
            await api(request, "POST", f"/v1/media/{media_id}/review", json=body)
        except ApiProblem as problem:
            return back_to("/media", problem.detail, kind="error", request=request)
        return back_to("/media", "Review recorded.", request=request)


async def _library(request: AnyRequest) -> dict[str, Any]:
    items = (await api(request, "GET", "/v1/media", params={"limit": "100"}))["items"]
    previews = await asyncio.gather(*(_preview(request, item) for item in items))
    for item, url in zip(items, previews, strict=True):
        item["preview_url"] = url
    return {
        "items": items,
        "polling": any(item["status"] in UNSETTLED for item in items),
        "can_review": session_of(request).role in REVIEWERS,
    }


async def _preview(request: AnyRequest, item: dict[str, Any]) -> str:
    """A short-lived signed URL for the thumbnail (the bytes are never proxied through us)."""
    if item["status"] in UNSETTLED or item["status"] == "rejected":
        return ""
    try:
        signed = await api(request, "GET", f"/v1/media/{item['id']}/content")
    except ApiProblem:
        return ""
    return str(signed["url"])


def _size_of(file: UploadFile) -> int:
    stream = file.file
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


async def _chunks(file: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await file.read(_CHUNK):
        yield chunk
