"""Bluesky `com.atproto.repo.*`: uploadBlob, createRecord, getRecord, deleteRecord."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post

from sandbox.bluesky.ids import RAW, cid_for, record_cid
from sandbox.bluesky.records import POST, check_post, check_target
from sandbox.bluesky.replies import invalid_request, xrpc_error
from sandbox.bluesky.session import require_access
from sandbox.bluesky.state import Blob, BlueskyAccount, StoredRecord
from sandbox.counters import AcceptedPost
from sandbox.http import Req, bearer_of, endpoint, json_response, read_json, state_of
from sandbox.state import SandboxState
from sandbox.tokens import fingerprint

X = "/xrpc/com.atproto.repo."
MAX_BLOB_BODY = 64 * 1_048_576


@post(X + "uploadBlob", opt=endpoint("bluesky", "uploadBlob"), request_max_body_size=MAX_BLOB_BODY)
async def upload_blob(request: Req) -> Response[Any]:
    """Raw bytes in, a blob ref (CIDv1 raw, sha2-256) out."""
    account, st = require_access(request), state_of(request)
    data = await request.body()
    if len(data) > st.config.bluesky.blob_max_bytes:
        raise xrpc_error(413, "PayloadTooLarge", "request entity too large")
    mime = request.headers.get("content-type") or "application/octet-stream"
    cid = cid_for(data, RAW)
    st.bluesky.blobs[cid] = Blob(did=account.did, mime=mime, size=len(data))
    ref = {"$type": "blob", "ref": {"$link": cid}, "mimeType": mime, "size": len(data)}
    return json_response({"blob": ref})


def _own_repo(account: BlueskyAccount, repo: Any) -> None:
    if repo not in (account.did, account.handle):
        raise xrpc_error(401, "AuthenticationRequired", "Authentication Required")


def _store(
    st: SandboxState, request: Req, account: BlueskyAccount, body: dict[str, Any]
) -> tuple[str, StoredRecord]:
    collection, record = str(body["collection"]), dict(body["record"])
    record.setdefault("$type", collection)
    rkey = body.get("rkey") or st.bluesky.next_tid()
    key = (account.did, collection, rkey)
    if key in st.bluesky.records:
        # Like the reference PDS: a duplicate rkey is a bare 500, not a conflict.
        raise xrpc_error(500, "InternalServerError", "Internal Server Error")
    uri, cid = f"at://{account.did}/{collection}/{rkey}", record_cid(record)
    ledger = st.counters.accept(
        AcceptedPost(
            provider="bluesky",
            post_id=uri,
            key=rkey,
            token=fingerprint(bearer_of(request)),
            account=account.handle,
            kind=collection,
            accepted_at=st.clock.now(),
            details={"text": record.get("text"), "cid": cid},
        )
    )
    stored = StoredRecord(cid=cid, value=record, ledger=ledger)
    st.bluesky.records[key] = stored
    return uri, stored


@post(X + "createRecord", opt=endpoint("bluesky", "createRecord"))
async def create_record(request: Req) -> Response[Any]:
    """Validated post records; an explicit rkey must be a TID and must not exist yet."""
    account, st = require_access(request), state_of(request)
    body = await read_json(request)
    if body is None or not isinstance(body.get("record"), dict):
        raise invalid_request('Input must have the property "record"')
    _own_repo(account, body.get("repo"))
    if body["record"].get("$type", body.get("collection")) != body.get("collection"):
        raise invalid_request("Invalid $type: must match the collection")
    validate = body.get("validate") is not False
    check_target(body.get("collection"), body.get("rkey"), validate)
    if validate and body["collection"] == POST:
        check_post(body["record"], st.config.bluesky, st.bluesky, account.did)
    uri, stored = _store(st, request, account, body)
    commit = {"cid": stored.cid, "rev": st.bluesky.next_tid()}
    status = "valid" if validate and body["collection"] == POST else "unknown"
    return json_response(
        {"uri": uri, "cid": stored.cid, "commit": commit, "validationStatus": status}
    )


@get(X + "getRecord", opt=endpoint("bluesky", "getRecord"))
async def get_record(request: Req) -> Response[Any]:
    """Public read; an absent record is 400 RecordNotFound."""
    st, query = state_of(request), request.query_params
    account = st.bluesky.find(query.get("repo") or "")
    if account is None:
        raise invalid_request(f"Could not find repo: {query.get('repo')}")
    collection, rkey = query.get("collection") or "", query.get("rkey") or ""
    uri = f"at://{account.did}/{collection}/{rkey}"
    stored = st.bluesky.records.get((account.did, collection, rkey))
    if stored is None:
        raise invalid_request(f"Could not locate record: {uri}", "RecordNotFound")
    return json_response({"uri": uri, "cid": stored.cid, "value": stored.value})


@post(X + "deleteRecord", opt=endpoint("bluesky", "deleteRecord"))
async def delete_record(request: Req) -> Response[Any]:
    """Deleting an absent record succeeds too."""
    account, st = require_access(request), state_of(request)
    body = await read_json(request) or {}
    _own_repo(account, body.get("repo"))
    stored = st.bluesky.records.pop(
        (account.did, str(body.get("collection")), str(body.get("rkey"))), None
    )
    if stored is not None:
        stored.ledger.status = "deleted"
    return json_response({"commit": {"cid": record_cid(body), "rev": st.bluesky.next_tid()}})
