"""What passes between the engine and a provider adapter: requests, handles, outcomes."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import msgspec

from services.publisher.domain.inputs import MediaSource
from services.publisher.domain.post import MastodonOptions, TikTokOptions


class PublishRequest(msgspec.Struct, frozen=True, kw_only=True):
    """One publication of one target; `key` is stable across retries of the same revision."""

    key: str
    tenant_id: str
    post_id: str
    target_id: str
    revision: int
    text: str
    media: tuple[MediaSource, ...] = ()
    tiktok: TikTokOptions | None = None
    mastodon: MastodonOptions | None = None
    # When this key was first sent (set when reconciling): idempotency windows are finite.
    sent_at: datetime | None = None

    def summary(self) -> dict[str, Any]:
        """What the attempt log shows of the request: no token, no signed URLs."""
        return {
            "key": self.key,
            "revision": self.revision,
            "text_chars": len(self.text),
            "text_start": self.text[:80],
            "media": [{"id": m.info.id, "kind": m.info.kind.value} for m in self.media],
            "options": msgspec.to_builtins(self.tiktok or self.mastodon),
        }


class ProviderHandle(msgspec.Struct, frozen=True, kw_only=True):
    """What the provider gave back to find the post again (publish_id, status id, record key)."""

    kind: str
    value: str
    extra: dict[str, str] = msgspec.field(default_factory=dict)


class Published(msgspec.Struct, frozen=True, kw_only=True):
    """A final success; `inbox` means sent to the creator's drafts, not publicly posted."""

    provider_post_id: str = ""
    url: str = ""
    inbox: bool = False


class PublishAccepted(msgspec.Struct, frozen=True, kw_only=True):
    """The provider took the post; `published` is None while it is still processing."""

    handle: ProviderHandle
    published: Published | None = None


class StatusKind(enum.StrEnum):
    PROCESSING = "processing"
    PUBLISHED = "published"
    FAILED = "failed"


class ProviderStatus(msgspec.Struct, frozen=True, kw_only=True):
    kind: StatusKind
    published: Published | None = None
    failure: str = ""  # a failure code from failure.py when kind is FAILED
    detail: str = ""


class ErrorKind(enum.StrEnum):
    NOT_SENT = "not_sent"  # provably never reached the provider
    REJECTED = "rejected"  # the provider answered with an error: nothing was posted
    AMBIGUOUS = "ambiguous"  # sent, but we cannot tell what the provider did


class PublishError(Exception):
    """A provider call that did not succeed, classified so the engine knows what is safe."""

    def __init__(
        self,
        kind: ErrorKind,
        reason: str,
        detail: str = "",
        *,
        retryable: bool = False,
        retry_after_s: float | None = None,
        answer: str = "",
    ) -> None:
        super().__init__(f"{kind.value}: {reason}")
        self.kind = kind
        self.reason = reason
        self.detail = detail
        self.retryable = retryable or kind is ErrorKind.NOT_SENT
        self.retry_after_s = retry_after_s
        self.answer = answer


class ReconcileKind(enum.StrEnum):
    FOUND = "found"  # the post exists (or is processing) at the provider
    ABSENT = "absent"  # provably not posted: publishing again under the same key is safe
    UNKNOWN = "unknown"  # the provider cannot tell us; a person must decide


class Reconciliation(msgspec.Struct, frozen=True, kw_only=True):
    kind: ReconcileKind
    handle: ProviderHandle | None = None
    status: ProviderStatus | None = None
    detail: str = ""
