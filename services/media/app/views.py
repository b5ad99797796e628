"""Domain records as the contracts show them, and the events each transition emits."""

from __future__ import annotations

from services.media.domain.media import Media, MediaKind, ProbeResult
from shared.contracts.media import MediaReady, MediaRejected, MediaView, ProbeView


def media_view(media: Media) -> MediaView:
    return MediaView(
        id=media.id,
        kind=media.kind.value if media.kind is not None else None,
        content_type=media.content_type,
        filename=media.filename,
        status=media.status.value,
        source=media.source.value,
        size=media.size,
        sha256=media.sha256,
        probe=None if media.probe is None else probe_view(media.probe),
        reason=media.reason,
        reason_detail=media.reason_detail,
        created_at=media.created_at,
        created_by=media.created_by,
        attached=media.attached_at is not None,
    )


def probe_view(probe: ProbeResult) -> ProbeView:
    return ProbeView(
        format=probe.format,
        width=probe.width,
        height=probe.height,
        duration_s=probe.duration_s,
        codec=probe.codec,
        fps=probe.fps,
    )


def ready_event(media: Media, *, actor: str) -> MediaReady:
    assert media.probe is not None and media.size is not None
    return MediaReady(
        tenant_id=media.tenant_id,
        actor=actor,
        media_id=media.id,
        kind=(media.kind or MediaKind.IMAGE).value,
        content_type=media.content_type,
        size=media.size,
        sha256=media.sha256,
        probe=probe_view(media.probe),
    )


def rejected_event(media: Media, *, actor: str) -> MediaRejected:
    return MediaRejected(
        tenant_id=media.tenant_id,
        actor=actor,
        media_id=media.id,
        reason=media.reason,
        detail=media.reason_detail,
    )
