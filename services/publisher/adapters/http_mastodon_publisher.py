"""PublishingProvider for Mastodon over HTTP: media upload, then a status with Idempotency-Key.

Every status is sent with `Idempotency-Key: <publication key>`; Mastodon answers a repeat
within an hour with the status the first request created. Reconciling an ambiguous send
replays it under the same key inside that window (the post exists exactly once either way);
past the window nobody can tell, and the target waits for a person.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from services.publisher.adapters.http_call_errors import download_media, http_error, transport_error
from services.publisher.domain.inputs import AccessGrant, MediaKind, MediaSource
from services.publisher.domain.limits import AccountLimits, Capabilities, MastodonInstance
from services.publisher.domain.post import MastodonOptions
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
from services.publisher.domain.rules_mastodon import check_mastodon
from services.publisher.domain.validation import Findings, TargetCheck

IDEMPOTENCY_WINDOW = timedelta(minutes=55)  # Mastodon keeps keys for one hour
CAPABILITIES = Capabilities(
    provider="mastodon",
    media_kinds=(MediaKind.IMAGE, MediaKind.VIDEO, MediaKind.GIF),
    max_media=4,
    reconcilable_without_handle=True,
)


class HttpMastodonPublisher:
    def __init__(
        self, http: httpx.AsyncClient, *, media_poll_s: float = 1.0, media_polls: int = 60
    ) -> None:
        self._http = http
        self._media_poll_s = media_poll_s
        self._media_polls = media_polls

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    async def account_limits(self, grant: AccessGrant) -> AccountLimits:
        body = await self._call("GET", grant, "/api/v2/instance", idempotent=True)
        config = body.get("configuration", {})
        statuses, media = config.get("statuses", {}), config.get("media_attachments", {})
        defaults = MastodonInstance()
        return AccountLimits(
            mastodon=MastodonInstance(
                max_characters=statuses.get("max_characters", defaults.max_characters),
                max_media_attachments=statuses.get(
                    "max_media_attachments", defaults.max_media_attachments
                ),
                image_size_limit=media.get("image_size_limit", defaults.image_size_limit),
                video_size_limit=media.get("video_size_limit", defaults.video_size_limit),
            )
        )

    def validate(self, check: TargetCheck) -> Findings:
        findings = Findings(violations=[], notices=[])
        check_mastodon(check, findings)
        return findings

    async def publish(self, request: PublishRequest, grant: AccessGrant) -> PublishAccepted:
        media_ids = [await self._upload(item, grant) for item in request.media]
        options = request.mastodon or MastodonOptions()
        form: dict[str, Any] = {
            "status": request.text,
            "visibility": options.visibility,
            "sensitive": "true" if options.sensitive else "false",
            "spoiler_text": options.spoiler_text,
            "media_ids[]": media_ids,
        }
        if options.language:
            form["language"] = options.language
        body = await self._call(
            "POST", grant, "/api/v1/statuses", idempotent=True, data=form,
            headers={"Idempotency-Key": request.key},
        )  # fmt: skip
        status_id = str(body["id"])
        return PublishAccepted(
            handle=ProviderHandle(kind="status_id", value=status_id),
            published=Published(provider_post_id=status_id, url=str(body.get("url") or "")),
        )

    async def check_status(self, handle: ProviderHandle, grant: AccessGrant) -> ProviderStatus:
        body = await self._call("GET", grant, f"/api/v1/statuses/{handle.value}", idempotent=True)
        published = Published(provider_post_id=str(body["id"]), url=str(body.get("url") or ""))
        return ProviderStatus(kind=StatusKind.PUBLISHED, published=published)

    async def reconcile(
        self, request: PublishRequest, handle: ProviderHandle | None, grant: AccessGrant
    ) -> Reconciliation:
        if handle is not None:
            status = await self.check_status(handle, grant)
            return Reconciliation(kind=ReconcileKind.FOUND, handle=handle, status=status)
        first = request.sent_at
        if first is None or datetime.now(UTC) - first > IDEMPOTENCY_WINDOW:
            return Reconciliation(kind=ReconcileKind.UNKNOWN, detail="idempotency window passed")
        try:
            accepted = await self.publish(request, grant)  # same key: the first status, or one
        except PublishError as error:
            if error.kind is ErrorKind.REJECTED and not error.retryable:
                return Reconciliation(kind=ReconcileKind.ABSENT, detail=error.detail)
            return Reconciliation(kind=ReconcileKind.UNKNOWN, detail=error.detail)
        status = ProviderStatus(kind=StatusKind.PUBLISHED, published=accepted.published)
        return Reconciliation(kind=ReconcileKind.FOUND, handle=accepted.handle, status=status)

    async def _upload(self, item: MediaSource, grant: AccessGrant) -> str:
        """Upload one attachment; a failure here never created a status, so it is NOT_SENT."""
        try:
            content = await download_media(self._http, item)
            files = {"file": (item.info.id, content, item.info.mime)}
            body = await self._call("POST", grant, "/api/v2/media", idempotent=True, files=files)
            media_id = str(body["id"])
            for _ in range(self._media_polls):
                if body.get("url"):
                    return media_id
                await asyncio.sleep(self._media_poll_s)
                body = await self._call("GET", grant, f"/api/v1/media/{media_id}", idempotent=True)
        except PublishError as error:
            if error.kind is ErrorKind.REJECTED and not error.retryable:
                raise
            raise PublishError(ErrorKind.NOT_SENT, "media_upload_failed", error.detail) from error
        raise PublishError(ErrorKind.NOT_SENT, "media_processing_timeout", media_id)

    async def _call(
        self, method: str, grant: AccessGrant, path: str, *, idempotent: bool, **options: Any
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {grant.access_token}", **options.pop("headers", {})}
        url = grant.connection.endpoint.rstrip("/") + path
        try:
            response = await self._http.request(method, url, headers=headers, **options)
        except httpx.TransportError as exc:
            raise transport_error(exc) from exc
        if response.status_code >= 400:
            raise http_error(response, idempotent=idempotent)
        body: dict[str, Any] = response.json()
        return body
