"""The common event envelope and the subject naming rule for JetStream events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

import msgspec

from shared.ids import new_id
from shared.tenancy import SYSTEM_ACTOR

EVENT_SUBJECT_ROOT = "evt"


def utc_now() -> datetime:
    return datetime.now(UTC)


class Event(msgspec.Struct, frozen=True, kw_only=True):
    """Envelope every event carries; subclasses add their payload fields.

    Subclasses set `service` and `name`; `event_type` is `<service>.<name>` and the subject
    is `evt.<service>.<name>.<tenant_id>` so consumers can filter per tenant.
    """

    service: ClassVar[str] = ""
    name: ClassVar[str] = ""
    version: ClassVar[int] = 1

    event_id: str = msgspec.field(default_factory=lambda: new_id("evt"))
    event_type: str = ""
    schema_version: int = 1
    tenant_id: str
    occurred_at: datetime = msgspec.field(default_factory=utc_now)
    actor: str = SYSTEM_ACTOR
    trace: str = ""

    def __post_init__(self) -> None:
        # Frozen structs still allow this one-time fill in __post_init__ via msgspec's setattr.
        if not self.event_type:
            msgspec.structs.force_setattr(self, "event_type", self.type_name())
        if self.schema_version != self.version:
            msgspec.structs.force_setattr(self, "schema_version", self.version)

    @classmethod
    def type_name(cls) -> str:
        return f"{cls.service}.{cls.name}"

    @property
    def subject(self) -> str:
        return event_subject(self.service, self.name, self.tenant_id)


def event_subject(service: str, name: str, tenant_id: str) -> str:
    # Tenant ids are ULID-based ([A-Za-z0-9_]); they never contain the subject separators.
    return f"{EVENT_SUBJECT_ROOT}.{service}.{name}.{tenant_id}"


class EnvelopeOnly(msgspec.Struct, frozen=True, kw_only=True):
    """Decodes just the envelope of any event, for consumers that treat events generically."""

    event_id: str
    event_type: str
    schema_version: int = 1
    tenant_id: str
    occurred_at: datetime
    actor: str = SYSTEM_ACTOR
    trace: str = ""
