"""PublishingProvider for Bluesky over XRPC: uploadBlob per image, then createRecord.

Every post is created under a record key derived from the publication key, so the same
key always names the same record. A duplicate rkey answers a bare 500 on the reference
PDS, so duplicates are never detected through create: an ambiguous send is reconciled by
`getRecord` on that rkey (400 `RecordNotFound` → provably not posted). Bluesky posts are
final once created, so the handle is enough to answer status checks.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from services.publisher.adapters.bluesky_errors import xrpc_error_name, xrpc_http_error
from services.publisher.adapters.bluesky_richtext import facets_for, rkey_for
from services.publisher.adapters.http_call_errors import download_media, transport_error
from services.publisher.domain.inputs import AccessGrant, MediaKind, MediaSource
from services.publisher.domain.limits import AccountLimits, Capabilities
from services.publisher.domain.publishing import (
    ErrorKind,
    ProviderHandle,
    ProviderStatus,
    PublishAccepted,
    Published,
    PublishError,
    PublishRequest,
    ReconcileKind,
    Reconciliation,
    StatusKind,
)
from services.publisher.domain.rules_bluesky import MAX_IMAGES, check_bluesky
from services.publisher.domain.validation import Findings, TargetCheck

POST = "app.bsky.feed.post"
XRPC = "/xrpc/"
CAPABILITIES = Capabilities(
    provider="bluesky",
    media_kinds=(MediaKind.IMAGE,),
    max_media=MAX_IMAGES,
    reconcilable_without_handle=True,
)


def post_url(did: str, rkey: str) -> str:
    return f"https://bsky.app/profile/{did}/post/{rkey}"


class HttpBlueskyPublisher:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    async def account_limits(self, grant: AccessGrant) -> AccountLimits:
        return AccountLimits()  # Bluesky's limits are the same for every account

    def validate(self, check: TargetCheck) -> Findings:
        findings = Findings(violations=[], notices=[])
        check_bluesky(check, findings)
        return findings

    async def publish(self, request: PublishRequest, grant: AccessGrant) -> PublishAccepted:
        images = [await self._upload(item, grant) for item in request.media]
        record: dict[str, Any] = {
            "$type": POST,
            "text": request.text,
            "createdAt": datetime.now(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
        }
        facets = facets_for(request.text)
        if facets:
            record["facets"] = facets
        if images:
            record["embed"] = {"$type": "app.bsky.embed.images", "images": images}
        did, rkey = _repo(grant), rkey_for(request.key)
        body = {"repo": did, "collection": POST, "rkey": rkey, "record": record}
        try:
            answer = await self._call(
                "POST", grant, "com.atproto.repo.createRecord", idempotent=True, json=body
            )
        except PublishError as error:
            if error.reason != "provider_unavailable":
                raise
            # A 5xx may be our own record already there (duplicate rkey): look before retrying.
            found = await self._find(did, rkey, grant)
            if found is None:
                raise
            return found
        return _accepted(did, rkey, str(answer["uri"]), str(answer.get("cid") or ""))

    async def check_status(self, handle: ProviderHandle, grant: AccessGrant) -> ProviderStatus:
        did, rkey = handle.extra.get("did", ""), handle.extra.get("rkey", "")
        published = Published(provider_post_id=handle.value, url=post_url(did, rkey))
        return ProviderStatus(kind=StatusKind.PUBLISHED, published=published)

    async def reconcile(
        self, request: PublishRequest, handle: ProviderHandle | None, grant: AccessGrant
    ) -> Reconciliation:
        if handle is not None:
            status = await self.check_status(handle, grant)
            return Reconciliation(kind=ReconcileKind.FOUND, handle=handle, status=status)
        did, rkey = _repo(grant), rkey_for(request.key)
        try:
            found = await self._find(did, rkey, grant)
        except PublishError as error:
            return Reconciliation(
                kind=ReconcileKind.UNKNOWN, detail=f"{error.reason}: {error.detail}"
            )
        if found is None:
            return Reconciliation(kind=ReconcileKind.ABSENT, detail=f"no record {rkey}")
        status = await self.check_status(found.handle, grant)
        return Reconciliation(kind=ReconcileKind.FOUND, handle=found.handle, status=status)

    async def _find(self, did: str, rkey: str, grant: AccessGrant) -> PublishAccepted | None:
        """The record under our rkey, or None when the PDS says RecordNotFound."""
        params = {"repo": did, "collection": POST, "rkey": rkey}
        response = await self._request("GET", grant, "com.atproto.repo.getRecord", params=params)
        if response.status_code == 400 and xrpc_error_name(response) == "RecordNotFound":
            return None
        if response.status_code >= 400:
            raise xrpc_http_error(response, idempotent=True)
        body = response.json()
        return _accepted(did, rkey, str(body["uri"]), str(body.get("cid") or ""))

    async def _upload(self, item: MediaSource, grant: AccessGrant) -> dict[str, Any]:
        """Upload one image blob; a failure here never created a post, so it is NOT_SENT."""
        try:
            content = await download_media(self._http, item)
            body = await self._call(
                "POST", grant, "com.atproto.repo.uploadBlob", idempotent=True,
                content=content, headers={"Content-Type": item.info.mime},
            )  # fmt: skip
        except PublishError as error:
            if error.kind is ErrorKind.REJECTED and not error.retryable:
                raise
            raise PublishError(ErrorKind.NOT_SENT, "media_upload_failed", error.detail) from error
        image: dict[str, Any] = {"alt": "", "image": body["blob"]}
        if item.info.width and item.info.height:
            image["aspectRatio"] = {"width": item.info.width, "height": item.info.height}
        return image

    async def _call(
        self, method: str, grant: AccessGrant, nsid: str, *, idempotent: bool, **options: Any
    ) -> dict[str, Any]:
        response = await self._request(method, grant, nsid, **options)
        if response.status_code >= 400:
            raise xrpc_http_error(response, idempotent=idempotent)
        body: dict[str, Any] = response.json()
        return body

    async def _request(
        self, method: str, grant: AccessGrant, nsid: str, **options: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {grant.access_token}", **options.pop("headers", {})}
        url = grant.connection.endpoint.rstrip("/") + XRPC + nsid
        try:
            return await self._http.request(method, url, headers=headers, **options)
        except httpx.TransportError as exc:
            raise transport_error(exc) from exc


def _repo(grant: AccessGrant) -> str:
    """The account's DID (the handle also names a repo, but the post URL wants the DID)."""
    return grant.connection.account_id or grant.connection.handle


def _accepted(did: str, rkey: str, uri: str, cid: str) -> PublishAccepted:
    handle = ProviderHandle(kind="at_uri", value=uri, extra={"did": did, "rkey": rkey, "cid": cid})
    return PublishAccepted(
        handle=handle, published=Published(provider_post_id=uri, url=post_url(did, rkey))
    )
