"""The one catalogue of OpenTelemetry metrics Gamontj emits, with their Prometheus names.

Services create instruments from these entries (name, unit, description, and the
bucket boundaries as `explicit_bucket_boundaries_advisory`); the Grafana dashboard and
the deployment tests read the same entries, so a renamed metric cannot silently empty
a panel. The Prometheus names follow the OpenTelemetry-to-Prometheus translation of
Prometheus' OTLP receiver (`UnderscoreEscapingWithSuffixes`, the same names the
collector's `prometheus` exporter gives; see docs/decisions/0033-metrics-pipeline.md):

- dots and other non-alphanumerics become `_`: `gamontj.publish.lateness` ->
  `gamontj_publish_lateness`;
- a unit is appended as a word (`s` -> `_seconds`); annotation units such as
  `{attempt}` add nothing;
- counters end in `_total`; histograms become `_bucket`, `_sum` and `_count` series;
- attributes become labels the same way: `gamontj.provider` -> `gamontj_provider`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Instrument(enum.StrEnum):
    COUNTER = "counter"
    HISTOGRAM = "histogram"
    GAUGE = "gauge"


# UCUM units Prometheus spells as a name suffix; annotation units (`{message}`) add none.
_UNIT_WORDS = {"s": "seconds", "ms": "milliseconds", "By": "bytes", "1": "ratio"}
_NON_ALNUM = re.compile(r"[^a-zA-Z0-9]+")

# Attribute keys (OpenTelemetry semantic conventions where one exists, else `gamontj.*`).
PROVIDER = "gamontj.provider"
PUBLISH_OUTCOME = "gamontj.publish.outcome"
REFRESH_OUTCOME = "gamontj.refresh.outcome"
EVENT_TYPE = "gamontj.event.type"
CONSUMER = "messaging.consumer.group.name"
DESTINATION = "messaging.destination.name"
ERROR_TYPE = "error.type"


def prometheus_label(attribute: str) -> str:
    """`gamontj.provider` -> `gamontj_provider`."""
    return _NON_ALNUM.sub("_", attribute)


@dataclass(frozen=True)
class Metric:
    """One instrument: its OpenTelemetry identity and the attributes it may carry."""

    name: str
    instrument: Instrument
    unit: str
    description: str
    attributes: tuple[str, ...] = ()
    buckets: tuple[float, ...] = ()

    @property
    def prometheus_name(self) -> str:
        """The base name in Prometheus, with the unit word and `_total` for counters."""
        name = _NON_ALNUM.sub("_", self.name)
        word = _UNIT_WORDS.get(self.unit, "")
        if word and not name.endswith("_" + word):
            name += "_" + word
        return name + "_total" if self.instrument is Instrument.COUNTER else name

    @property
    def prometheus_series(self) -> tuple[str, ...]:
        """Every series name a query may use."""
        if self.instrument is Instrument.HISTOGRAM:
            return tuple(f"{self.prometheus_name}_{part}" for part in ("bucket", "sum", "count"))
        return (self.prometheus_name,)

    @property
    def prometheus_labels(self) -> tuple[str, ...]:
        labels = tuple(prometheus_label(attribute) for attribute in self.attributes)
        return (*labels, "le") if self.instrument is Instrument.HISTOGRAM else labels


PUBLISH_LATENESS = Metric(
    name="gamontj.publish.lateness",
    instrument=Instrument.HISTOGRAM,
    unit="s",
    description="Time from a target's scheduled moment to the provider accepting the post.",
    attributes=(PROVIDER,),
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600),
)
PUBLISH_ATTEMPTS = Metric(
    name="gamontj.publish.attempts",
    instrument=Instrument.COUNTER,
    unit="{attempt}",
    description="Publish attempts by outcome: published, retrying, unconfirmed or failed.",
    attributes=(PROVIDER, PUBLISH_OUTCOME),
)
TOKEN_REFRESHES = Metric(
    name="gamontj.connection.refreshes",
    instrument=Instrument.COUNTER,
    unit="{refresh}",
    description="Token refreshes by outcome: refreshed, transient_failure, reauth_required.",
    attributes=(PROVIDER, REFRESH_OUTCOME),
)
CONSUMER_PENDING = Metric(
    name="gamontj.messaging.consumer.pending",
    instrument=Instrument.GAUGE,
    unit="{message}",
    description="Messages a durable JetStream consumer has not yet been delivered (its lag).",
    attributes=(CONSUMER, DESTINATION),
)
RPC_DURATION = Metric(
    name="gamontj.rpc.server.duration",
    instrument=Instrument.HISTOGRAM,
    unit="s",
    description="Time a service takes to answer one RPC; error.type is the problem code if any.",
    attributes=(DESTINATION, ERROR_TYPE),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10),
)
DEAD_LETTERED = Metric(
    name="gamontj.messaging.dead_lettered",
    instrument=Instrument.COUNTER,
    unit="{message}",
    description="Events a consumer gave up on and moved to the DEAD stream.",
    # The event type, not the subject: subjects end in a tenant id (unbounded label values).
    attributes=(CONSUMER, EVENT_TYPE),
)

CATALOGUE: tuple[Metric, ...] = (
    PUBLISH_LATENESS,
    PUBLISH_ATTEMPTS,
    TOKEN_REFRESHES,
    CONSUMER_PENDING,
    RPC_DURATION,
    DEAD_LETTERED,
)


def prometheus_series_names() -> dict[str, Metric]:
    """Every Prometheus series name the catalogue produces, to the metric behind it."""
    return {series: metric for metric in CATALOGUE for series in metric.prometheus_series}
