"""What every use case needs: the ports, the limits and where the data plane is reachable."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from services.media.domain.limits import MediaLimits
from services.media.ports.blob_storage import BlobStorage
from services.media.ports.clock import Clock
from services.media.ports.media_repository import MediaRepository
from services.media.ports.pinned_fetcher import PinnedFetcher
from services.media.ports.prober import Prober
from services.media.ports.resolver import Resolver
from services.media.ports.url_signer import UrlSigner
from services.media.ports.workspace_settings_repository import WorkspaceSettingsRepository


@dataclass(frozen=True)
class DataPlaneUrls:
    """Bases of signed URLs: `public` for clients and providers, `internal` for our services."""

    public: str
    internal: str


class WorkSignal:
    """Wakes every worker loop when work was queued (an upload finished, an import was
    accepted), so it starts now instead of at its next poll."""

    def __init__(self) -> None:
        self._listeners: list[asyncio.Event] = []

    def listener(self) -> asyncio.Event:
        event = asyncio.Event()
        self._listeners.append(event)
        return event

    def notify(self) -> None:
        for event in self._listeners:
            event.set()


@dataclass(frozen=True)
class MediaContext:
    media: MediaRepository
    workspace_settings: WorkspaceSettingsRepository
    storage: BlobStorage
    prober: Prober
    resolver: Resolver
    fetcher: PinnedFetcher
    signer: UrlSigner
    clock: Clock
    limits: MediaLimits
    urls: DataPlaneUrls
    work: WorkSignal = field(default_factory=WorkSignal)
