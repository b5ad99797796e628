"""PublishingProvider for TikTok's Content Posting API (videos by FILE_UPLOAD).

`publish` opens the publish (direct post with `video.publish`, else inbox upload) and returns
its `publish_id` as soon as init answers, so the engine persists it; the chunked upload then
runs in the background, streaming from our media plane one chunk at a time. The post is final
only through `check_status`. TikTok has no idempotency key: without a publish_id nobody can
tell whether an init happened, so such a target waits for a person (never re-posted blindly).
Photo posts (PULL_FROM_URL) are not supported by this adapter yet.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

import httpx

from services.publisher.adapters.tiktok_api import API_BASE, call, chunk_plan, upload_file
from services.publisher.domain.inputs import AccessGrant, MediaKind
from services.publisher.domain.limits import AccountLimits, Capabilities, TikTokCreator
from services.publisher.domain.post import TikTokOptions
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
from services.publisher.domain.rules_tiktok import SCOPE_PUBLISH, check_tiktok, resolve_mode
from services.publisher.domain.validation import Findings, TargetCheck

log = logging.getLogger(__name__)
DEFAULT_CHUNK = 10 * 1_000_000


class HttpTikTokPublisher:
    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        chunk_size: int = DEFAULT_CHUNK,
        status_poll_interval_s: float = 2.0,  # status/fetch: 30 requests per minute
    ) -> None:
        self._http = http
        self._chunk_size = chunk_size
        self._capabilities = Capabilities(
            provider="tiktok",
            media_kinds=(MediaKind.VIDEO,),
            max_media=1,
            asynchronous=True,
            status_poll_interval_s=status_poll_interval_s,
            reconcilable_without_handle=False,
        )
        self._uploads: dict[str, asyncio.Task[None]] = {}
        self._upload_failures: dict[str, PublishError] = {}

    @property
    def capabilities(self) -> Capabilities:
        return self._capabilities

    async def account_limits(self, grant: AccessGrant) -> AccountLimits:
        if SCOPE_PUBLISH not in grant.connection.scopes:
            return AccountLimits()  # creator_info needs video.publish; inbox mode needs none
        data = await self._call(grant, "/v2/post/publish/creator_info/query/", {}, idem=True)
        return AccountLimits(
            tiktok=TikTokCreator(
                privacy_level_options=tuple(data.get("privacy_level_options") or ()),
                max_video_post_duration_sec=int(data.get("max_video_post_duration_sec") or 600),
                comment_disabled=bool(data.get("comment_disabled")),
                duet_disabled=bool(data.get("duet_disabled")),
                stitch_disabled=bool(data.get("stitch_disabled")),
                username=str(data.get("creator_username") or ""),
            )
        )

    def validate(self, check: TargetCheck) -> Findings:
        findings = Findings(violations=[], notices=[])
        check_tiktok(check, findings)
        if any(m.kind is MediaKind.IMAGE for m in check.media):
            findings.add(
                check, "tiktok_photos_not_supported", "photo posts to TikTok are not available yet"
            )
        return findings

    async def publish(self, request: PublishRequest, grant: AccessGrant) -> PublishAccepted:
        videos = [m for m in request.media if m.info.kind in (MediaKind.VIDEO, MediaKind.GIF)]
        if len(videos) != 1:
            raise PublishError(ErrorKind.REJECTED, "content_invalid", "TikTok needs one video")
        video = videos[0]
        options = request.tiktok or TikTokOptions()
        mode = resolve_mode(options, grant.connection.scopes)
        if mode is None:
            raise PublishError(ErrorKind.REJECTED, "connection_scope_missing", "no TikTok scope")
        size = video.info.size_bytes
        chunk, count = chunk_plan(size, self._chunk_size)
        source = {
            "source": "FILE_UPLOAD",
            "video_size": size,
            "chunk_size": chunk,
            "total_chunk_count": count,
        }
        if mode == "direct":
            path = "/v2/post/publish/video/init/"
            payload: dict[str, Any] = {
                "post_info": {
                    "title": request.text,
                    "privacy_level": options.privacy_level,
                    "disable_comment": options.disable_comment,
                    "disable_duet": options.disable_duet,
                    "disable_stitch": options.disable_stitch,
                },
                "source_info": source,
            }
        else:
            path, payload = "/v2/post/publish/inbox/video/init/", {"source_info": source}
        data = await self._call(grant, path, payload, idem=False)
        publish_id = str(data["publish_id"])
        upload = upload_file(
            self._http, str(data["upload_url"]), video.download_url,
            mime=video.info.mime, size=size, chunk=chunk, count=count,
        )  # fmt: skip
        task = asyncio.create_task(self._run_upload(publish_id, upload))
        self._uploads[publish_id] = task
        task.add_done_callback(lambda _: self._uploads.pop(publish_id, None))
        return PublishAccepted(
            handle=ProviderHandle(kind="publish_id", value=publish_id, extra={"mode": mode})
        )

    async def _run_upload(self, publish_id: str, upload: Coroutine[Any, Any, None]) -> None:
        try:
            await upload
        except PublishError as error:
            log.warning("tiktok upload failed", extra={"publish_id": publish_id})
            self._upload_failures[publish_id] = error
        except Exception as exc:
            log.exception("tiktok upload crashed", extra={"publish_id": publish_id})
            self._upload_failures[publish_id] = PublishError(
                ErrorKind.AMBIGUOUS, "upload_failed", repr(exc)[:300]
            )

    async def check_status(self, handle: ProviderHandle, grant: AccessGrant) -> ProviderStatus:
        data = await self._call(
            grant, "/v2/post/publish/status/fetch/", {"publish_id": handle.value}, idem=True
        )
        status = str(data.get("status") or "")
        if status == "PUBLISH_COMPLETE":
            ids = [str(i) for i in data.get("publicaly_available_post_id") or ()]
            post_id = ids[0] if ids else handle.value
            user = grant.connection.handle.lstrip("@")
            url = f"https://www.tiktok.com/@{user}/video/{ids[0]}" if ids and user else ""
            return ProviderStatus(
                kind=StatusKind.PUBLISHED, published=Published(provider_post_id=post_id, url=url)
            )
        if status == "SEND_TO_USER_INBOX":
            published = Published(provider_post_id=handle.value, inbox=True)
            return ProviderStatus(kind=StatusKind.PUBLISHED, published=published)
        if status == "FAILED":
            reason = str(data.get("fail_reason") or "internal")
            return ProviderStatus(kind=StatusKind.FAILED, failure=f"tiktok_{reason}", detail=reason)
        failed = self._upload_failures.get(handle.value)
        if (
            status == "PROCESSING_UPLOAD"
            and failed is not None
            and handle.value not in self._uploads
        ):
            self._upload_failures.pop(handle.value, None)
            return ProviderStatus(
                kind=StatusKind.FAILED, failure="tiktok_upload_failed",
                detail=f"{failed.reason}: {failed.detail}",
            )  # fmt: skip
        return ProviderStatus(kind=StatusKind.PROCESSING, detail=status)

    async def reconcile(
        self, request: PublishRequest, handle: ProviderHandle | None, grant: AccessGrant
    ) -> Reconciliation:
        if handle is None:
            # No idempotency key at TikTok: an init may or may not have opened a publish.
            return Reconciliation(
                kind=ReconcileKind.UNKNOWN, detail="no publish_id; TikTok cannot be asked"
            )
        status = await self.check_status(handle, grant)
        return Reconciliation(kind=ReconcileKind.FOUND, handle=handle, status=status)

    async def _call(
        self, grant: AccessGrant, path: str, payload: dict[str, Any], *, idem: bool
    ) -> dict[str, Any]:
        base = (grant.connection.endpoint or API_BASE).rstrip("/")
        return await call(self._http, base + path, grant.access_token, payload, idempotent=idem)
