"""OpenTelemetry instruments built from the one metric catalogue (shared/observability)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, Counter, Histogram, Observation

from shared.observability.metric_names import (
    CONSUMER,
    CONSUMER_PENDING,
    DESTINATION,
    Instrument,
    Metric,
)

_lock = threading.Lock()
_instruments: dict[str, Any] = {}
# Latest pending count per (consumer, stream), refreshed by the runtime's lag worker.
_pending: dict[tuple[str, str], int] = {}


def _meter() -> metrics.Meter:
    return metrics.get_meter("gamontj")


def counter(metric: Metric) -> Counter:
    assert metric.instrument is Instrument.COUNTER, metric.name
    return _get(metric, lambda m: m.create_counter(metric.name, metric.unit, metric.description))  # type: ignore[no-any-return]


def histogram(metric: Metric) -> Histogram:
    assert metric.instrument is Instrument.HISTOGRAM, metric.name
    return _get(  # type: ignore[no-any-return]
        metric,
        lambda m: m.create_histogram(
            metric.name,
            metric.unit,
            metric.description,
            explicit_bucket_boundaries_advisory=list(metric.buckets) or None,
        ),
    )


def record_consumer_pending(consumer: str, stream: str, pending: int) -> None:
    """Keep the latest lag; the observable gauge reports it at the next collection."""
    with _lock:
        _pending[(consumer, stream)] = pending
    _get(
        CONSUMER_PENDING,
        lambda m: m.create_observable_gauge(
            CONSUMER_PENDING.name,
            callbacks=[_observe_pending],
            unit=CONSUMER_PENDING.unit,
            description=CONSUMER_PENDING.description,
        ),
    )


def _observe_pending(_: CallbackOptions) -> Iterable[Observation]:
    with _lock:
        snapshot = dict(_pending)
    return [
        Observation(pending, {CONSUMER: consumer, DESTINATION: stream})
        for (consumer, stream), pending in snapshot.items()
    ]


def _get(metric: Metric, create: Any) -> Any:
    with _lock:
        found = _instruments.get(metric.name)
        if found is None:
            found = _instruments[metric.name] = create(_meter())
        return found
