"""The event catalogue: every contract, rendered as an AsyncAPI 3.0 document for `/asyncapi`."""

from __future__ import annotations

import importlib
from typing import Any

import msgspec

from shared.contracts.envelope import EVENT_SUBJECT_ROOT, Event
from shared.contracts.rpc import HealthReply, HealthRequest

CONTRACT_MODULES = (
    "auth",
    "connection_events",
    "connection_rpc",
    "media",
    "publisher",
    "audit",
    "disclosures",
)
SERVICES = ("auth", "media", "publisher", "audit")


def event_types() -> list[type[Event]]:
    """Every concrete event class declared under shared/contracts, sorted by type name."""
    for module in CONTRACT_MODULES:
        importlib.import_module(f"shared.contracts.{module}")
    found: list[type[Event]] = []
    pending: list[type[Event]] = list(Event.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        # Only published contracts: events defined elsewhere (tests, scripts) stay out.
        if cls.service and cls.name and cls.__module__.startswith("shared.contracts."):
            found.append(cls)
    return sorted(found, key=lambda c: c.type_name())


def asyncapi_document(*, version: str) -> dict[str, Any]:
    """Channels for each event (tenant as a parameter) and each service's health RPC."""
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    events = event_types()
    refs, schemas = msgspec.json.schema_components(
        [*events, HealthRequest, HealthReply], ref_template="#/components/schemas/{name}"
    )
    payload = dict(zip([*events, HealthRequest, HealthReply], refs, strict=True))
    for cls in events:
        key = cls.type_name().replace(".", "_")
        messages[key] = {
            "name": cls.type_name(),
            "title": cls.__name__,
            "summary": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else "",
            "payload": payload[cls],
            "headers": {"type": "object", "properties": {"Nats-Msg-Id": {"type": "string"}}},
        }
        address = f"{EVENT_SUBJECT_ROOT}.{cls.service}.{cls.name}.{{tenant_id}}"
        channels[key] = {
            "address": address,
            "parameters": {"tenant_id": {"description": "the workspace the event belongs to"}},
            "messages": {key: {"$ref": f"#/components/messages/{key}"}},
        }
    for service in SERVICES:
        key = f"rpc_{service}_health"
        channels[key] = {
            "address": f"rpc.{service}.health",
            "description": "request/reply: is the service able to work (store reachable)?",
            "messages": {
                "request": {"payload": payload[HealthRequest]},
                "reply": {"payload": payload[HealthReply]},
            },
        }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "Gamontj events and RPC", "version": version},
        "defaultContentType": "application/json",
        "channels": channels,
        "components": {"messages": messages, "schemas": schemas},
    }
