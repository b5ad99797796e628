"""What the use cases and the engine share: the ports, the clock and the timing policy."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.publisher.domain.retry import RetryPolicy
from services.publisher.ports.attempt_log import AttemptLog
from services.publisher.ports.clock import Clock
from services.publisher.ports.connection_directory import ConnectionDirectory
from services.publisher.ports.media_catalog import MediaCatalog
from services.publisher.ports.post_repository import PostRepository
from services.publisher.ports.publishing_provider import ProviderRegistry
from services.publisher.ports.scheduler_signal import SchedulerSignal
from services.publisher.ports.target_queue import TargetQueue
from services.publisher.ports.workspace_settings import WorkspaceSettings


@dataclass(frozen=True)
class EnginePolicy:
    """Timings of the exactly-once engine (Settings fields `publisher_*` fill it)."""

    lease_s: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    poll_gap_s: float = 5.0  # first status poll after an asynchronous accept
    poll_cap_s: float = 60.0  # polls slow down to this gap while a post is processing
    poll_timeout_s: float = 6 * 3600.0  # still processing after this: unconfirmed
    reconcile_delay_s: float = 5.0
    reconcile_max: int = 8  # then the target waits for a person (retry or cancel)
    media_url_ttl_s: int = 3600
    due_soon_s: float = 60.0  # a schedule closer than this wakes the scheduler


class NoSignal:
    """A SchedulerSignal for processes that run no scheduler."""

    def due_soon(self) -> None:
        return None


@dataclass(frozen=True)
class Publisher:
    """The publisher's core: every use case and the engine take this one object."""

    posts: PostRepository
    targets: TargetQueue
    attempts: AttemptLog
    providers: ProviderRegistry
    connections: ConnectionDirectory
    media: MediaCatalog
    settings: WorkspaceSettings
    clock: Clock
    signal: SchedulerSignal = field(default_factory=NoSignal)
    policy: EnginePolicy = field(default_factory=EnginePolicy)
