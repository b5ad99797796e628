"""The Bluesky router: a PDS's XRPC methods under `/bluesky/xrpc`."""

from __future__ import annotations

from typing import Any

from litestar import Response, Router, route

from sandbox.bluesky.replies import xrpc_error
from sandbox.bluesky.repo import create_record, delete_record, get_record, upload_blob
from sandbox.bluesky.server import (
    create_session,
    delete_session,
    describe_server,
    get_session,
    refresh_session,
)
from sandbox.http import Req, endpoint

ENDPOINTS = (
    "createSession",
    "refreshSession",
    "deleteSession",
    "getSession",
    "describeServer",
    "uploadBlob",
    "createRecord",
    "getRecord",
    "deleteRecord",
    "unknown",
)


@route("/xrpc/{method:str}", http_method=["GET", "POST"], opt=endpoint("bluesky", "unknown"))
async def unknown_method(request: Req) -> Response[Any]:
    raise xrpc_error(501, "MethodNotImplemented", "Method Not Implemented")


def bluesky_router() -> Router:
    return Router(
        path="/bluesky",
        route_handlers=[
            create_session,
            refresh_session,
            delete_session,
            get_session,
            describe_server,
            upload_blob,
            create_record,
            get_record,
            delete_record,
            unknown_method,
        ],
    )
