"""Correct `Allow` on Litestar's automatic OPTIONS answers for paths with several methods."""

from __future__ import annotations

from litestar import Litestar
from litestar.routes import HTTPRoute


def repair_options_allow(app: Litestar) -> None:
    """Litestar 2.25 registers a controller's handlers one by one: the automatic OPTIONS handler
    is made for the first route object of a path and keeps reading that object's methods, so
    `Allow` misses the methods added later (e.g. `OPTIONS, POST` for a GET+POST path). Point
    each stale route object at the complete method set."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or "OPTIONS" not in route.route_handler_map:
            continue
        handler = route.route_handler_map["OPTIONS"][0]
        for cell in getattr(handler.fn, "__closure__", None) or ():
            stale = cell.cell_contents
            if isinstance(stale, HTTPRoute) and stale is not route:
                stale.methods = route.methods
