"""Publishing the events the retention consumers read, as their producers would."""

from __future__ import annotations

from datetime import datetime

import msgspec
from nats.js.client import JetStreamContext

from shared.contracts.audit import Retention, RetentionChanged
from shared.contracts.envelope import Event


async def emit(js: JetStreamContext, event: Event, *, msg_id: str | None = None) -> None:
    """`msg_id` other than the event id: a redelivery that passed JetStream's duplicate filter."""
    headers = {"Nats-Msg-Id": msg_id or event.event_id}
    await js.publish(event.subject, msgspec.json.encode(event), headers=headers)


def retention_changed(
    tenant_id: str, *, media_days: int = 90, drafts_days: int = 365, at: datetime | None = None
) -> RetentionChanged:
    settings = Retention(
        audit_trail_days=730,
        ops_log_days=90,
        media_after_publish_days=media_days,
        drafts_days=drafts_days,
    )
    if at is None:
        return RetentionChanged(tenant_id=tenant_id, actor="u_owner", settings=settings)
    return RetentionChanged(tenant_id=tenant_id, actor="u_owner", settings=settings, occurred_at=at)
