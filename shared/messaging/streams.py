"""The JetStream streams every service relies on, declared with explicit limits."""

from __future__ import annotations

from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.client import JetStreamContext
from nats.js.errors import BadRequestError, NotFoundError

from shared.settings import Settings

EVENTS_STREAM = "EVENTS"
DEAD_STREAM = "DEAD"
EVENTS_SUBJECTS = ["evt.>"]
DEAD_SUBJECTS = ["dead.>"]


def events_stream_config(settings: Settings) -> StreamConfig:
    return StreamConfig(
        name=EVENTS_STREAM,
        subjects=EVENTS_SUBJECTS,
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        discard=DiscardPolicy.OLD,
        max_age=settings.events_max_age_s,
        duplicate_window=settings.duplicate_window_s,
    )


def dead_stream_config(settings: Settings) -> StreamConfig:
    return StreamConfig(
        name=DEAD_STREAM,
        subjects=DEAD_SUBJECTS,
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        discard=DiscardPolicy.OLD,
        max_age=settings.dead_max_age_s,
        duplicate_window=settings.duplicate_window_s,
    )


async def ensure_streams(js: JetStreamContext, settings: Settings) -> None:
    """Create or update EVENTS and DEAD so their limits always match configuration."""
    for config in (events_stream_config(settings), dead_stream_config(settings)):
        try:
            await js.stream_info(config.name or "")
        except NotFoundError:
            try:
                await js.add_stream(config)
            except BadRequestError:
                # Another process created it between our look-up and our create.
                await js.update_stream(config)
        else:
            await js.update_stream(config)
