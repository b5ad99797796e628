"""One post: its targets with status and provider links, the attempts log, retry, reschedule."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from web.gateway import ApiProblem
from web.pages.common import AnyRequest, PathId, api, back_to, render
from web.pages.post_form import Draft
from web.pages.post_status import LABELS, post_status, settled

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
RETRYABLE = frozenset({"failed", "unconfirmed"})


class PostPages(Controller):
    path = "/posts"

    @get("/{post_id:str}")
    async def show(self, request: AnyRequest, post_id: PathId) -> Template:
        context = await _details(request, post_id)
        return await render(request, "posts/show.html", **context)

    @get("/{post_id:str}/live")
    async def live(self, request: AnyRequest, post_id: PathId) -> Template:
        """Targets and attempts alone, polled by htmx until nothing is in flight."""
        return Template(template_name="posts/_live.html", context=await _details(request, post_id))

    @post("/{post_id:str}/targets/{target_id:str}/retry")
    async def retry(self, request: AnyRequest, post_id: PathId, target_id: PathId) -> Redirect:
        try:
            await api(request, "POST", f"/v1/posts/{post_id}/targets/{target_id}/retry")
        except ApiProblem as problem:
            return back_to(f"/posts/{post_id}", problem.detail, kind="error", request=request)
        return back_to(f"/posts/{post_id}", "Retrying this target.", request=request)

    @post("/{post_id:str}/reschedule")
    async def reschedule(self, request: AnyRequest, post_id: PathId, data: Form) -> Redirect:
        draft = Draft(local_time=data.get("local_time", ""), timezone=data.get("timezone", ""))
        back = data.get("back", "")
        back = back if back.startswith("/calendar") else f"/posts/{post_id}"
        if not draft.local_time:
            return back_to(back, "Pick a new date and time.", kind="error", request=request)
        try:
            await api(request, "POST", f"/v1/posts/{post_id}/schedule", json=draft.schedule())
        except ApiProblem as problem:
            return back_to(
                back, f"Not rescheduled: {problem.detail}", kind="error", request=request
            )
        return back_to(back, "Rescheduled.", request=request)

    @post("/{post_id:str}/cancel")
    async def cancel(self, request: AnyRequest, post_id: PathId) -> Redirect:
        try:
            await api(request, "POST", f"/v1/posts/{post_id}/cancel", json={})
        except ApiProblem as problem:
            return back_to(f"/posts/{post_id}", problem.detail, kind="error", request=request)
        return back_to(f"/posts/{post_id}", "Cancelled.", request=request)


async def _details(request: AnyRequest, post_id: PathId) -> dict[str, Any]:
    found = await api(request, "GET", f"/v1/posts/{post_id}")
    attempts = (await api(request, "GET", f"/v1/posts/{post_id}/attempts"))["items"]
    connections = {c["id"]: c for c in (await api(request, "GET", "/v1/connections"))["items"]}
    for target in found["targets"]:
        connection = connections.get(target["connection_id"], {})
        target["account"] = connection.get("handle") or connection.get("display_name") or "—"
        target["retryable"] = target["state"] in RETRYABLE
        target["attempts"] = [a for a in attempts if a["target_id"] == target["target_id"]]
    status = post_status(found)
    return {
        "post": found,
        "status": status,
        "status_label": LABELS.get(status, status),
        "labels": LABELS,
        "live": not settled(found),
        "attempts": attempts,
    }
