"""Opening a TikTok publish: publish_id, upload URL, ledger entry and scripted outcome."""

from __future__ import annotations

from typing import Any

from sandbox.counters import AcceptedPost
from sandbox.faults import Fault
from sandbox.state import SandboxState
from sandbox.tiktok.replies import api_error
from sandbox.tiktok.session import Caller
from sandbox.tiktok.state import Publish
from sandbox.tokens import new_token

FAIL_PUBLISH = frozenset({"fail_publish"})
POST_ID_BASE = 7_300_000_000_000_000_000
DAY_S = 86_400


def check_can_post(st: SandboxState, caller: Caller, mode: str) -> None:
    """Banned creators, and the cap on pending inbox shares per 24 hours."""
    if caller.account.banned:
        raise api_error("spam_risk_user_banned_from_posting", "The user is banned from posting.")
    cap = st.config.tiktok.max_pending_inbox
    if mode != "inbox" or cap is None:
        return
    since = st.clock.now() - DAY_S
    pending = [
        p
        for p in st.tiktok.publishes.values()
        if p.mode == "inbox"
        and p.open_id == caller.account.open_id
        and p.ledger.accepted_at >= since
    ]
    if len(pending) >= cap:
        raise api_error("spam_risk_too_many_pending_share", "Too many pending inbox shares.")


def _publish_id(mode: str, media: str, source: str, serial: int) -> str:
    prefix = "p" if media == "PHOTO" else "v"
    kind = "file" if source == "FILE_UPLOAD" else "url"
    channel = "inbox" if mode == "inbox" and media == "VIDEO" else "pub"
    return f"{prefix}_{channel}_{kind}~v2-1.{POST_ID_BASE + serial}"


def _ledger(
    st: SandboxState, caller: Caller, publish_id: str, kind: str, details: dict[str, Any]
) -> AcceptedPost:
    source = details["source_info"].get("source")
    return st.counters.accept(
        AcceptedPost(
            provider="tiktok",
            post_id=publish_id,
            key=publish_id,
            token=caller.token,
            account=caller.account.open_id,
            kind=kind,
            accepted_at=st.clock.now(),
            status="PROCESSING_UPLOAD" if source == "FILE_UPLOAD" else "PROCESSING_DOWNLOAD",
            details=details,
        )
    )


def open_publish(
    st: SandboxState,
    caller: Caller,
    *,
    endpoint: str,
    mode: str,
    media: str,
    source: dict[str, Any],
    post_info: dict[str, Any],
) -> Publish:
    """Record an accepted post request; FILE_UPLOAD publishes get an upload target."""
    serial, cfg, kind = next(st.tiktok.serial), st.config.tiktok, str(source.get("source"))
    publish_id = _publish_id(mode, media, kind, serial)
    scripted: list[Fault] = st.faults.take("tiktok", endpoint, FAIL_PUBLISH)
    details = {"post_info": post_info, "source_info": source}
    pub = Publish(
        publish_id=publish_id,
        open_id=caller.account.open_id,
        mode=mode,
        source=kind,
        ledger=_ledger(st, caller, publish_id, f"{media.lower()}_{mode}", details),
        private=post_info.get("privacy_level") == "SELF_ONLY",
        polls_until_final=cfg.polls_until_final,
        moderation_polls=cfg.moderation_polls,
        fail_reason=scripted[0].fail_reason if scripted else cfg.fail_reason,
        post_id=POST_ID_BASE + serial,
    )
    if kind == "FILE_UPLOAD":
        _add_upload_target(st, pub, source)
    st.tiktok.publishes[publish_id] = pub
    return pub


def _add_upload_target(st: SandboxState, pub: Publish, source: dict[str, Any]) -> None:
    pub.video_size = source["video_size"]
    pub.chunk_size = source["chunk_size"]
    pub.total_chunk_count = source["total_chunk_count"]
    pub.upload_id, pub.upload_token = new_token("", 12), new_token("", 18)
    pub.upload_expires_at = st.clock.now() + st.config.tiktok.upload_url_ttl_s
    st.tiktok.uploads[pub.upload_id] = pub.publish_id


def publish_answer(pub: Publish, base_url: str) -> dict[str, Any]:
    """`data` of an init answer: publish_id, plus upload_url for FILE_UPLOAD."""
    data: dict[str, Any] = {"publish_id": pub.publish_id}
    if pub.upload_id is not None:
        data["upload_url"] = (
            f"{base_url.rstrip('/')}/tiktok/video/"
            f"?upload_id={pub.upload_id}&upload_token={pub.upload_token}"
        )
    return data
