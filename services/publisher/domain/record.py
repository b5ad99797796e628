"""The stored progress of one target: its state, schedule, lease, attempts and outcome."""

from __future__ import annotations

from datetime import datetime

import msgspec

from services.publisher.domain.failure import Failure
from services.publisher.domain.publishing import ProviderHandle
from services.publisher.domain.target_state import TargetState


class TargetRecord(msgspec.Struct, frozen=True, kw_only=True):
    """What the scheduler and the API read about one target (the queue entry itself)."""

    id: str
    tenant_id: str
    post_id: str
    connection_id: str
    provider: str
    state: TargetState
    due_at: datetime | None = None  # the scheduled instant (calendar time)
    run_at: datetime | None = None  # when the scheduler next looks at it
    fence: int = 0
    sends: int = 0  # calls made to the provider for the current key
    key: str = ""  # publication key of the revision being sent
    revision: int = 0
    attempt_open: int = 0  # attempt number whose outcome is not yet known (0 = none)
    handle: ProviderHandle | None = None
    provider_post_id: str = ""
    url: str = ""
    inbox: bool = False
    failure: Failure | None = None
    last_error: str = ""
    lateness_ms: int | None = None  # first start minus due time
    reconciles: int = 0
    polls: int = 0
    sent_at: datetime | None = None  # first send under the current key
    accepted_at: datetime | None = None  # when the provider took the post (async providers)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    # W3C trace context of the person's last move (schedule, publish now, retry): the
    # engine's work on the target continues that trace (docs/decisions/0070-...).
    traceparent: str = ""
    tracestate: str = ""


class Lease(msgspec.Struct, frozen=True, kw_only=True):
    """A claim on a target: every write made under it must present the same fence."""

    owner: str
    fence: int
    until: datetime
