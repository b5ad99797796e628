"""The publisher's fault table through the gateway, against the provider sandbox.

Every service runs for real (auth, media, publisher, audit, gateway over NATS and the store);
the sandbox misbehaves on the provider's posting endpoint. Each case ends in the state the
exactly-once rules promise (docs/decisions/0043, 0065), read back through GET /v1/posts/{id}
and /attempts, and the sandbox's own ledger never holds a post twice.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec
import nats
import pytest

from sandbox.faults import Fault
from sandbox.revocation import revoke_everything
from sandbox.runner import RunningSandbox, running_sandbox
from sandbox.state import SandboxState
from shared.messaging.streams import EVENTS_STREAM
from shared.telemetry import Telemetry
from tests.auth.helpers import Session, register
from tests.auth.platform import Platform, module_settings, running
from tests.e2e.conftest import point_providers_at
from tests.e2e.publishing import (
    attempts,
    connect,
    create_post,
    publish_now,
    schedule_in,
    target_for,
    upload_video,
    wait_settled,
)
from tests.support.waiting import eventually

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# Quick publisher timings; a held answer outlasts the provider-call timeout.
HTTP_TIMEOUT_S = 1.0
HOLD_MS = 2_500
RECONCILE_MAX = 3
PUBLISHER_TIMINGS: dict[str, Any] = {
    "publisher_http_timeout_s": HTTP_TIMEOUT_S,
    "publisher_backoff_base_s": 0.1,
    "publisher_backoff_cap_s": 1.0,
    "publisher_max_sends": 3,
    "publisher_poll_gap_s": 0.1,
    "publisher_poll_cap_s": 0.5,
    "publisher_reconcile_delay_s": 0.1,
    "publisher_reconcile_max": RECONCILE_MAX,
    "publisher_idle_s": 0.1,
}
POST_ENDPOINT = {"tiktok": "video_init", "mastodon": "statuses", "bluesky": "createRecord"}


@pytest.fixture(scope="module")
async def sandbox() -> AsyncIterator[RunningSandbox]:
    async with running_sandbox() as running_one:
        yield running_one


@pytest.fixture(scope="module")
async def platform(
    nats_url: str,
    mongo_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    telemetry: Telemetry,
    sandbox: RunningSandbox,
) -> AsyncIterator[Platform]:
    """One platform for the module; each test works in a workspace of its own."""
    base = module_settings(nats_url, mongo_url, tmp_path_factory.mktemp("faults"))
    settings = msgspec.structs.replace(base, **PUBLISHER_TIMINGS)
    with pytest.MonkeyPatch.context() as patch:
        point_providers_at(patch, sandbox)
        async with running(settings, telemetry, also=("media", "publisher", "audit")) as started:
            yield started
            await consumers_drained(nats_url)


async def consumers_drained(nats_url: str) -> None:
    """Let the services finish this module's events before they stop.

    Durable consumer names are shared by every platform a session starts: a backlog left here
    would be worked off by the next module's services first, delaying its own events.
    """
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()

        async def backlog() -> int:
            infos = await js.consumers_info(EVENTS_STREAM)
            return sum((i.num_pending or 0) + (i.num_ack_pending or 0) for i in infos)

        with contextlib.suppress(AssertionError):  # best effort: a courtesy, not a check
            await eventually(backlog, lambda n: n == 0, within_s=60, every_s=0.2)
    finally:
        await client.close()


@dataclass
class Story:
    """One owner with one connection of `provider` (and a ready video for TikTok)."""

    owner: Session
    provider: str
    connection: dict[str, Any]
    media: list[str]


@dataclass
class Window:
    """The sandbox as this test sees it: no faults of earlier tests, and only its own counts.

    The sandbox is not reset between tests: auth keeps its Mastodon app registration (one per
    instance), which a reset would make the sandbox forget.
    """

    sb: RunningSandbox
    posts_before: int
    calls_before: dict[tuple[str, str], int]

    @property
    def state(self) -> SandboxState:
        return self.sb.state

    def ledger(self, provider: str) -> list[str]:
        """Posts the sandbox accepted during this test (each publication's key or publish id)."""
        mine = self.state.counters.posts[self.posts_before :]
        return [p.key or p.post_id for p in mine if p.provider == provider]

    def calls_to(self, provider: str, endpoint: str) -> int:
        now = self.state.counters.calls_to(provider, endpoint)
        return now - self.calls_before.get((provider, endpoint), 0)


@pytest.fixture
async def fresh_sandbox(sandbox: RunningSandbox) -> Window:
    sandbox.state.faults.clear()
    counters = sandbox.state.counters
    calls = {(p, e): counters.calls_to(p, e) for p, e in POST_ENDPOINT.items()}
    return Window(sandbox, len(counters.posts), calls)


async def story(platform: Platform, provider: str, folder: Path) -> Story:
    owner = await register(platform.http)
    connection = await connect(platform.http, owner, provider)
    media = [await upload_video(platform.http, owner, folder)] if provider == "tiktok" else []
    return Story(owner, provider, connection, media)


async def post_and_settle(platform: Platform, st: Story) -> tuple[dict[str, Any], list[Any]]:
    """Create a one-target post, publish it now, and read it once it has settled."""
    target = target_for(st.provider, st.connection["id"])
    post_id = await create_post(platform.http, st.owner, [target], media=st.media)
    await publish_now(platform.http, st.owner, post_id)
    post = await wait_settled(platform.http, st.owner, post_id)
    return post["targets"][0], await attempts(platform.http, st.owner, post_id)


def steps(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(a["kind"], a["outcome"]) for a in items]


# What a first send ends with for each provider when nothing goes wrong.
FIRST_OK = {"tiktok": "accepted", "mastodon": "published", "bluesky": "published"}


@pytest.mark.parametrize("provider", ["tiktok", "mastodon", "bluesky"])
async def test_a_post_is_published_once_on_each_provider(
    platform: Platform, fresh_sandbox: Window, provider: str, tmp_path: Path
) -> None:
    st = await story(platform, provider, tmp_path)
    target, tried = await post_and_settle(platform, st)
    assert target["state"] == "published", target
    assert target["provider_post_id"] and target["failure"] is None
    assert len(fresh_sandbox.ledger(provider)) == 1
    assert steps(tried) == [("publish", FIRST_OK[provider])]
    assert tried[0]["trace_id"] and tried[0]["duration_ms"] is not None
    if provider != "tiktok":  # SELF_ONLY TikTok videos get no public URL
        assert target["url"].startswith(("https://", fresh_sandbox.sb.base_url))


@dataclass(frozen=True)
class Case:
    """A fault on `provider`'s posting endpoint and where the target must end."""

    provider: str
    fault: dict[str, Any]
    state: str
    posts: int
    attempts: tuple[tuple[str, str], ...]
    reason: str = ""
    endpoint: str = ""


def _fault(kind: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "times": 1, **extra}


FIVE_XX = _fault("error", status=503)
RATE_LIMITED = _fault("rate_limit", retry_after_s=1)
TIMEOUT_AFTER_ACCEPT = _fault("hold_answer", latency_ms=HOLD_MS)
RESET_BEFORE = _fault("reset_before")
RESET_AFTER = _fault("reset_after")
RETRIED = (("publish", "rejected"), ("publish", "published"))
RECONCILED = (("publish", "ambiguous"), ("reconcile", "found"))
# TikTok has no idempotency key and no way to look a publish up without its publish_id: an
# init whose answer was lost is never sent again, it waits for a person (decision 0065).
PARKED = (("publish", "ambiguous"), *(("reconcile", "unknown"),) * RECONCILE_MAX)

CASES = {
    "mastodon 5xx": Case("mastodon", FIVE_XX, "published", 1, RETRIED),
    "mastodon 429 with reset": Case("mastodon", RATE_LIMITED, "published", 1, RETRIED),
    "mastodon timeout after accept": Case(
        "mastodon", TIMEOUT_AFTER_ACCEPT, "published", 1, RECONCILED
    ),
    # Mastodon's reconcile replays the status under the same Idempotency-Key: the replay
    # creates the status the reset prevented, so it is found by that very check.
    "mastodon reset before processing": Case("mastodon", RESET_BEFORE, "published", 1, RECONCILED),
    "mastodon reset after processing": Case("mastodon", RESET_AFTER, "published", 1, RECONCILED),
    "bluesky 5xx": Case("bluesky", FIVE_XX, "published", 1, RETRIED),
    "bluesky 429 with reset": Case("bluesky", RATE_LIMITED, "published", 1, RETRIED),
    "bluesky timeout after accept": Case(
        "bluesky", TIMEOUT_AFTER_ACCEPT, "published", 1, RECONCILED
    ),
    "bluesky reset before processing": Case(
        "bluesky",
        RESET_BEFORE,
        "published",
        1,
        (("publish", "ambiguous"), ("reconcile", "absent"), ("publish", "published")),
    ),
    "bluesky reset after processing": Case("bluesky", RESET_AFTER, "published", 1, RECONCILED),
    "mastodon 5xx every time": Case(
        "mastodon",
        {"kind": "error", "status": 503},
        "failed",
        0,
        (("publish", "rejected"),) * 3,
        "provider_unavailable",
    ),
    "bluesky 5xx every time": Case(
        "bluesky",
        {"kind": "error", "status": 502},
        "failed",
        0,
        (("publish", "rejected"),) * 3,
        "provider_unavailable",
    ),
    "tiktok 5xx on init": Case("tiktok", FIVE_XX, "unconfirmed", 0, PARKED, "reconcile_gave_up"),
    "tiktok 429 with reset": Case(
        "tiktok", RATE_LIMITED, "published", 1, (("publish", "rejected"), ("publish", "accepted"))
    ),
    "tiktok timeout after accept": Case(
        "tiktok", TIMEOUT_AFTER_ACCEPT, "unconfirmed", 1, PARKED, "reconcile_gave_up"
    ),
    "tiktok reset before processing": Case(
        "tiktok", RESET_BEFORE, "unconfirmed", 0, PARKED, "reconcile_gave_up"
    ),
    "tiktok reset after processing": Case(
        "tiktok", RESET_AFTER, "unconfirmed", 1, PARKED, "reconcile_gave_up"
    ),
    "tiktok 5xx on status fetch": Case(
        "tiktok", FIVE_XX, "published", 1, (("publish", "accepted"),), endpoint="status_fetch"
    ),
    "tiktok FAILED status": Case(
        "tiktok",
        _fault("fail_publish", fail_reason="spam_risk_too_many_posts"),
        "failed",
        1,
        (("publish", "accepted"),),
        "tiktok_spam_risk_too_many_posts",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_each_fault_ends_in_the_right_state_with_no_duplicate_post(
    platform: Platform, fresh_sandbox: Window, case: Case, tmp_path: Path
) -> None:
    st = await story(platform, case.provider, tmp_path)
    endpoint = case.endpoint or POST_ENDPOINT[case.provider]
    fresh_sandbox.state.faults.add(Fault(provider=case.provider, endpoint=endpoint, **case.fault))
    target, tried = await post_and_settle(platform, st)
    assert target["state"] == case.state, target
    posted = fresh_sandbox.ledger(case.provider)
    assert len(posted) == case.posts and len(set(posted)) == len(posted), posted
    assert steps(tried) == list(case.attempts), tried
    assert [f.fired > 0 for f in fresh_sandbox.state.faults.faults] == [True], "the fault was met"
    if case.reason:
        assert target["failure"]["code"] == case.reason, target
        assert target["failure"]["message"]  # a sentence a person can act on
    if case.state == "published":
        assert target["provider_post_id"] and target["failure"] is None
    if case.state == "unconfirmed":
        assert target["next_action_at"] is None  # waits for a person, never re-posted
    assert all(a["trace_id"] for a in tried)


async def test_a_429_waits_for_the_providers_reset_before_sending_again(
    platform: Platform, fresh_sandbox: Window, tmp_path: Path
) -> None:
    st = await story(platform, "mastodon", tmp_path)
    fresh_sandbox.state.faults.add(
        Fault(provider="mastodon", endpoint="statuses", **_fault("rate_limit", retry_after_s=2))
    )
    target, tried = await post_and_settle(platform, st)
    assert target["state"] == "published"
    first, second = tried
    assert "429" in first["answer"] and first["error"] == "rate_limit_exceeded"
    waited = datetime.fromisoformat(second["started_at"]) - datetime.fromisoformat(
        first["started_at"]
    )
    assert waited.total_seconds() >= 1.0  # a lower bound: never sooner than the reset


@pytest.mark.parametrize("provider", ["tiktok", "mastodon", "bluesky"])
async def test_a_connection_that_lost_its_consent_fails_the_target_and_posts_nothing(
    platform: Platform, fresh_sandbox: Window, provider: str, tmp_path: Path
) -> None:
    """Valid when scheduled; by the due time the user withdrew consent at the provider."""
    st = await story(platform, provider, tmp_path)
    target = target_for(provider, st.connection["id"])
    post_id = await create_post(platform.http, st.owner, [target], media=st.media)
    await schedule_in(platform.http, st.owner, post_id, 3)
    revoke_everything(fresh_sandbox.state, provider)
    refreshed = await platform.http.post(
        f"/v1/connections/{st.connection['id']}/refresh", headers=st.owner.headers
    )
    if provider != "mastodon":  # Mastodon tokens have no refresh: the post call finds out
        connection = await platform.http.get(
            f"/v1/connections/{st.connection['id']}", headers=st.owner.headers
        )
        assert connection.json()["status"] == "reauth_required", (refreshed.text, connection.text)
    post = await wait_settled(platform.http, st.owner, post_id)
    done = post["targets"][0]
    assert done["state"] == "failed", done
    assert done["failure"]["code"] == "connection_needs_reauth"
    assert "Reconnect" in done["failure"]["message"]
    assert fresh_sandbox.ledger(provider) == []
    assert fresh_sandbox.calls_to(provider, POST_ENDPOINT[provider]) == (
        1 if provider == "mastodon" else 0
    )
