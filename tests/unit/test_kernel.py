"""Shared kernel behaviour that needs no server: settings, problems, envelopes, outbox updates."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from shared.contracts.catalog import asyncapi_document, event_types
from shared.errors import Problem, ProblemCode
from shared.messaging.outbox import PENDING_FIELD, REV_FIELD, outbox_fields, outbox_update
from shared.settings import SettingsError, load_settings
from shared.store.indexes import IndexDeclarationError, IndexSpec, ensure_indexes
from tests.support.events import ThingHappened


def test_settings_come_from_the_environment_with_conventional_names() -> None:
    settings = load_settings(
        {
            "NATS_URL": "nats://10.0.0.1:4222",
            "MONGODB_URL": "mongodb://db:27017",
            "GAMONTJ_HTTP_PORT": "9000",
            "GAMONTJ_DATA_DIR": "/srv/gamontj",
        }
    )
    assert settings.nats_url == "nats://10.0.0.1:4222"
    assert settings.mongodb_url == "mongodb://db:27017"
    assert settings.http_port == 9000
    assert settings.data_dir == Path("/srv/gamontj")
    assert settings.database_name("auth") == "gamontj_auth"


def test_a_malformed_setting_is_refused_with_a_clear_message() -> None:
    with pytest.raises(SettingsError, match="http_port"):
        load_settings({"GAMONTJ_HTTP_PORT": "eighty"})


def test_problems_carry_status_code_and_type_from_the_stable_code() -> None:
    details = Problem(ProblemCode.CONFLICT, "email already registered").to_details("/v1/x")
    assert (details.status, details.code, details.instance) == (409, "conflict", "/v1/x")
    assert details.type.endswith("/conflict")
    custom = Problem("weak_password", "too short", status=422).to_details()
    assert (custom.status, custom.code) == (422, "weak_password")


def test_an_event_knows_its_type_version_and_tenant_subject() -> None:
    event = ThingHappened(tenant_id="t_01", thing_id="x")
    assert event.event_type == "kerneltest.thing_happened"
    assert event.subject == "evt.kerneltest.thing_happened.t_01"
    assert event.event_id.startswith("evt_")
    decoded = msgspec.json.decode(msgspec.json.encode(event), type=ThingHappened)
    assert decoded == event


def test_outbox_update_keeps_the_callers_operators_and_marks_the_document_pending() -> None:
    first, second = (
        ThingHappened(tenant_id="t", thing_id="a"),
        ThingHappened(tenant_id="t", thing_id="b"),
    )
    update = outbox_update([first, second], {"$set": {"name": "n"}, "$inc": {"version": 1}})
    assert update["$set"]["name"] == "n" and update["$set"][PENDING_FIELD] is True
    assert update["$inc"] == {"version": 1, REV_FIELD: 1}
    assert {f"outbox.{first.event_id}", f"outbox.{second.event_id}"} <= set(update["$set"])
    assert outbox_update([], {"$set": {"a": 1}}) == {"$set": {"a": 1}}
    inserted = outbox_fields([first])
    assert inserted[PENDING_FIELD] is True and set(inserted["outbox"]) == {first.event_id}


def test_the_catalogue_lists_only_published_contracts() -> None:
    assert ThingHappened not in event_types()
    document = asyncapi_document(version="1")
    assert all("kerneltest" not in address for address in document["channels"])


async def test_an_index_on_tenant_data_must_lead_with_tenant_id() -> None:
    with pytest.raises(IndexDeclarationError):
        await ensure_indexes(None, [IndexSpec("posts", (("status", 1), ("tenant_id", 1)))])  # type: ignore[arg-type]


def test_stored_instants_read_back_as_aware_utc_from_either_store() -> None:
    from datetime import UTC, datetime

    from shared.store.values import epoch_ms, utc

    moment = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert utc(moment) == moment
    assert utc("2026-03-29 01:30:00") == moment  # the local server's form after a $set
    assert utc(datetime(2026, 3, 29, 1, 30)) == moment
    assert utc(None) is None
    assert epoch_ms(moment) == 1774747800000
