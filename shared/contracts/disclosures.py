"""The disclosure ledger: each time workspace data left for a provider, and how to read it.

Any service that sends workspace data to a third party emits a `<service>.data_disclosed`
event (the publisher today); audit consumes `evt.*.data_disclosed.*` into its ledger.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Literal

import msgspec

from shared.contracts.envelope import Event
from shared.contracts.rpc import RpcRequest, rpc_subject

READ = rpc_subject("audit", "disclosures")
EVENT_NAME = "data_disclosed"
EVENT_FILTER = f"evt.*.{EVENT_NAME}.*"

DataCategory = Literal["post_text", "media_video", "media_image", "account_identifier"]
# `<13-digit epoch ms>:<event id>`: the ledger's order, newest first.
CURSOR_PATTERN = r"^[0-9]{13}:[A-Za-z0-9_]{1,64}$"


class Disclosure(msgspec.Struct, frozen=True, kw_only=True):
    """What left, for whom: the provider, the connection (account) and the records it carried."""

    provider: str
    connection_id: str
    categories: list[DataCategory]
    purpose: Literal["publish"] = "publish"
    post_id: str = ""
    target_id: str = ""
    media_ids: list[str] = msgspec.field(default_factory=list)
    attempt: int = 0


class PublisherDataDisclosed(Event, frozen=True, kw_only=True):
    """A publish request to a provider is being sent now (recorded before the call goes out,
    so a call that fails after sending still counts); `occurred_at` is that moment."""

    service: ClassVar[str] = "publisher"
    name: ClassVar[str] = EVENT_NAME
    disclosure: Disclosure


class DisclosedEnvelope(msgspec.Struct, frozen=True, kw_only=True):
    """Decodes any `*.data_disclosed` event: the envelope fields audit needs and the payload."""

    event_id: str
    event_type: str
    tenant_id: str
    occurred_at: datetime
    trace: str = ""
    disclosure: Disclosure


class ReadDisclosures(RpcRequest, frozen=True, kw_only=True):
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    provider: str | None = None
    cursor: Annotated[str, msgspec.Meta(pattern=CURSOR_PATTERN)] | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=200)] = 50


class DisclosureItem(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    source: str
    provider: str
    connection_id: str
    categories: list[str]
    purpose: str
    post_id: str = ""
    target_id: str = ""
    media_ids: list[str] = msgspec.field(default_factory=list)
    attempt: int = 0
    occurred_at: datetime
    trace_id: str = ""


class DisclosurePage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[DisclosureItem]
    next_cursor: str | None = None
