"""The audit part of an export in a shared workspace: only what concerns the person."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from services.audit.app.export_subject import export_subject
from services.audit.domain.privacy_request import fingerprint
from services.audit.domain.trail import TrailEntry
from shared.contracts.privacy import (
    Changes,
    RequestKind,
    SubjectCall,
    SubjectKind,
    SubjectRef,
)
from shared.tenancy import RequestContext, TenantId

SHARED = "wsp_shared"
ALICE, BOB = "usr_alice", "usr_bob"


def entry(seq: int, actor: str, event_type: str, subject: str, **payload: Any) -> TrailEntry:
    return TrailEntry(
        tenant_id=SHARED,
        seq=seq,
        event_id=f"evt_{seq}",
        event_type=event_type,
        actor=actor,
        subject=subject,
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        payload=payload,
        payload_digest="d",
        prev_hash="p",
        hash=f"h{seq}",
    )


def sent(entry_id: str, **ids: Any) -> dict[str, Any]:
    return {"_id": f"{SHARED}:{entry_id}", "tenant_id": SHARED, "provider": "mastodon", **ids}


class SharedWorkspaceTrail:
    """The audit records of a workspace Alice and Bob share (a fake of the port)."""

    def __init__(self) -> None:
        self.trail = [
            entry(1, ALICE, "auth.connection_connected", "con_alice", connection_id="con_alice"),
            entry(2, ALICE, "media.uploaded", "med_alice", media_id="med_alice"),
            entry(3, BOB, "publisher.post_scheduled", "pst_bob", post_id="pst_bob"),
            entry(4, BOB, "auth.connection_connected", "con_bob", connection_id="con_bob"),
        ]
        self.ledger = [
            sent("evt_a", connection_id="con_alice", post_id="pst_bob"),  # Bob's post, her account
            sent("evt_b", connection_id="con_bob", post_id="pst_bob", media_ids=["med_alice"]),
            sent("evt_c", connection_id="con_bob", post_id="pst_bob"),  # nothing of hers
        ]

    async def entries(self, *, tenant_id: str) -> AsyncIterator[TrailEntry]:
        for item in self.trail if tenant_id == SHARED else []:
            yield item

    async def ops_entries(self, *, tenant_id: str) -> list[dict[str, Any]]:
        return []

    async def disclosures(self, *, tenant_id: str) -> list[dict[str, Any]]:
        return self.ledger if tenant_id == SHARED else []

    async def redact(self, entry: TrailEntry) -> bool:
        raise AssertionError("an export changes nothing")

    async def drop_ops(self, *, tenant_id: str, entry_ids: list[str]) -> int:
        raise AssertionError("an export changes nothing")

    async def forget_requester(
        self, *, tenant_id: str, user_id: str, keep_request: str
    ) -> dict[str, int]:
        raise AssertionError("an export changes nothing")

    async def erase_workspace(self, *, tenant_id: str, keep_request: str) -> dict[str, int]:
        raise AssertionError("an export changes nothing")


def call(subject: SubjectRef) -> SubjectCall:
    ctx = RequestContext(tenant_id=TenantId(SHARED), actor="system", request_id="dsr_1")
    return SubjectCall(ctx=ctx, request_id="dsr_1", subject=subject)


async def test_a_member_gets_the_disclosures_of_what_they_connected_or_uploaded() -> None:
    alice = SubjectRef(
        kind=SubjectKind.USER, id=ALICE, workspace_id=SHARED, member_workspaces=[SHARED]
    )
    part = await export_subject(SharedWorkspaceTrail(), call(alice))
    assert [d["_id"] for d in part.records["disclosures"]] == [f"{SHARED}:evt_a", f"{SHARED}:evt_b"]
    assert [e["seq"] for e in part.records["trail"]] == [1, 2]
    assert part.counts["disclosures"] == 2


async def test_a_workspace_export_holds_the_whole_ledger() -> None:
    workspace = SubjectRef(
        kind=SubjectKind.WORKSPACE, id=SHARED, workspace_id=SHARED, whole_workspaces=[SHARED]
    )
    part = await export_subject(SharedWorkspaceTrail(), call(workspace))
    assert len(part.records["disclosures"]) == 3 and len(part.records["trail"]) == 4


def test_the_fingerprint_tells_bodies_apart_and_requests_apart() -> None:
    def of(request_id: str, email: str) -> str:
        return fingerprint(
            request_id,
            kind=RequestKind.RECTIFICATION,
            subject=SubjectKind.USER,
            changes=Changes(email=email),
        )

    same = of("dsr_1", "new@example.org")
    assert same == of("dsr_1", "new@example.org")
    assert same != of("dsr_1", "other@example.org")
    assert same != of("dsr_2", "new@example.org")  # salted: requests cannot be compared
