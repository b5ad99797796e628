"""The calendar: a month or a week of the workspace's posts by status, in the viewer's zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from litestar import Controller, get
from litestar.response import Template

from web.pages.common import AnyRequest, api, render
from web.pages.post_status import LABELS, post_status, when_of, zone

MAX_PAGES = 5  # 5 x 200 posts in one view is already more than a person can read


@dataclass
class Day:
    day: date
    in_range: bool
    posts: list[dict[str, Any]] = field(default_factory=list)


class CalendarPages(Controller):
    path = "/calendar"

    @get("/")
    async def index(self, request: AnyRequest) -> Template:
        query = request.query_params
        view = "week" if query.get("view") == "week" else "month"
        anchor = _date(query.get("date", ""))
        status = query.get("status", "")
        tz = zone(request.cookies.get("tz", ""))
        first, last, shown_first, shown_last = _range(view, anchor)
        start = datetime.combine(shown_first, time.min, tz).astimezone(UTC)
        end = datetime.combine(shown_last + timedelta(days=1), time.min, tz).astimezone(UTC)
        posts = await _posts(request, start, end, status)
        days = {
            shown_first + timedelta(days=n): Day(
                shown_first + timedelta(days=n), first <= shown_first + timedelta(days=n) <= last
            )
            for n in range((shown_last - shown_first).days + 1)
        }
        for post in posts:
            when = when_of(post)
            if when is None:
                continue
            local = when.astimezone(tz)
            if local.date() in days:
                post["status"] = post_status(post)
                post["local_time"] = local.strftime("%H:%M")
                post["local_input"] = local.strftime("%Y-%m-%dT%H:%M")
                days[local.date()].posts.append(post)
        for cell in days.values():
            cell.posts.sort(key=lambda p: p["local_time"])
        step = timedelta(days=7) if view == "week" else timedelta(days=32)
        previous = (first - timedelta(days=1)) if view == "month" else anchor - step
        following = (last + timedelta(days=1)) if view == "month" else anchor + step
        context: dict[str, Any] = {
            "view": view,
            "anchor": anchor,
            "first": first,
            "weeks": _weeks(list(days.values())),
            "previous": previous.isoformat(),
            "following": following.isoformat(),
            "today": datetime.now(tz).date(),
            "status": status,
            "statuses": LABELS,
            "tz_name": str(tz),
            "empty": not posts,
        }
        template = (
            "calendar/_grid.html" if request.headers.get("hx-request") else "calendar/index.html"
        )
        if template == "calendar/_grid.html":
            return Template(template_name=template, context=context)
        return await render(request, template, **context)


async def _posts(request: AnyRequest, start: datetime, end: datetime, status: str) -> list[Any]:
    params = {"from": _iso(start), "to": _iso(end), "limit": "200"}
    if status in LABELS:
        params["status"] = status
    posts: list[Any] = []
    for _ in range(MAX_PAGES):
        page = await api(request, "GET", "/v1/posts", params=params)
        posts.extend(page["items"])
        if not page.get("next_cursor"):
            break
        params["cursor"] = page["next_cursor"]
    unique = {p["post_id"]: p for p in posts}  # a post with several targets may repeat
    return list(unique.values())


def _range(view: str, anchor: date) -> tuple[date, date, date, date]:
    """(first, last) days of the period and of the grid shown (whole weeks, Monday first)."""
    if view == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return monday, monday + timedelta(days=6), monday, monday + timedelta(days=6)
    first = anchor.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    shown_first = first - timedelta(days=first.weekday())
    shown_last = last + timedelta(days=6 - last.weekday())
    return first, last, shown_first, shown_last


def _weeks(days: list[Day]) -> list[list[Day]]:
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return datetime.now(UTC).date()


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
