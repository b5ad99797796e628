"""Through the gateway: what each publish sent to Mastodon is in the ledger, a failed send
included, and the failure is in the operational log under the attempt's trace id."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.faults import Fault
from sandbox.runner import RunningSandbox
from tests.auth.helpers import join, register
from tests.auth.platform import Platform
from tests.e2e.publishing import (
    attempts,
    connect,
    create_post,
    publish_now,
    target_for,
    wait_settled,
)
from tests.support.waiting import eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_every_send_is_in_the_ledger_and_a_failed_one_is_in_the_ops_log(
    platform: Platform, sandbox: RunningSandbox
) -> None:
    http = platform.http
    owner = await register(http)
    connection = await connect(http, owner, "mastodon")
    target = target_for("mastodon", connection["id"])
    sent = await create_post(http, owner, [target], media=[], text="Shared once #gamontj")
    await publish_now(http, owner, sent)
    assert (await wait_settled(http, owner, sent))["targets"][0]["state"] == "published"

    sandbox.state.faults.add(
        Fault(provider="mastodon", endpoint="statuses", kind="error", status=422, times=1)
    )
    refused = await create_post(http, owner, [target], media=[], text="Refused #gamontj")
    await publish_now(http, owner, refused)
    failed = (await wait_settled(http, owner, refused))["targets"][0]
    assert failed["state"] == "failed", failed
    refused_trace = (await attempts(http, owner, refused))[0]["trace_id"]

    async def ledger(**query: Any) -> list[dict[str, Any]]:
        answer = await http.get("/v1/privacy/disclosures", params=query, headers=owner.headers)
        assert answer.status_code == 200, answer.text
        return list(answer.json()["items"])

    entries = await eventually(ledger, lambda items: len(items) == 2, within_s=20)
    assert [e["post_id"] for e in entries] == [refused, sent]  # newest first
    for entry in entries:
        assert (entry["provider"], entry["connection_id"]) == ("mastodon", connection["id"])
        assert entry["categories"] == ["account_identifier", "post_text"]
        assert entry["source"] == "publisher" and entry["trace_id"]
    assert entries[0]["trace_id"] == refused_trace
    assert await ledger(provider="tiktok") == []

    async def ops() -> list[dict[str, Any]]:
        answer = await http.get("/v1/ops/logs", headers=owner.headers)
        return list(answer.json()["items"])

    def refused_failure(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [i for i in items if i["details"].get("post_id") == refused]

    logged = await eventually(ops, lambda items: len(refused_failure(items)) == 1, within_s=60)
    failure = refused_failure(logged)[0]
    assert (failure["kind"], failure["level"]) == ("publisher.post_failed", "error")
    assert failure["subject"] == failed["target_id"] and failure["trace_id"] == refused_trace

    editor = await join(http, owner, "editor")
    denied = await http.get("/v1/privacy/disclosures", headers=editor.headers)
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
    stranger = await register(http)
    theirs = await http.get("/v1/privacy/disclosures", headers=stranger.headers)
    assert theirs.status_code == 200 and theirs.json()["items"] == []
    bad = await http.get(
        "/v1/privacy/disclosures", params={"cursor": "not-ours"}, headers=owner.headers
    )
    assert bad.status_code == 400 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )
