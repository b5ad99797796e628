"""The metric catalogue: OpenTelemetry-style names, bounded labels, documented Prometheus names."""

from __future__ import annotations

import re

import pytest

from shared.observability import metric_names as m

OTEL_NAME = re.compile(r"gamontj(\.[a-z][a-z0-9_]*)+")


def test_names_are_unique_namespaced_and_described() -> None:
    names = [metric.name for metric in m.CATALOGUE]
    assert len(names) == len(set(names))
    for metric in m.CATALOGUE:
        assert OTEL_NAME.fullmatch(metric.name), metric.name
        assert metric.description.endswith(".")
        assert metric.unit


def test_no_label_can_hold_a_tenant_or_a_person() -> None:
    # Tenant ids, users and subjects are unbounded (and personal): they belong on spans.
    for metric in m.CATALOGUE:
        for attribute in metric.attributes:
            assert not re.search(r"tenant|workspace|user|email|subject|post", attribute), attribute


def test_histograms_declare_ascending_buckets() -> None:
    for metric in m.CATALOGUE:
        if metric.instrument is m.Instrument.HISTOGRAM:
            assert list(metric.buckets) == sorted(set(metric.buckets)), metric.name
        else:
            assert metric.buckets == ()


@pytest.mark.parametrize(
    ("metric", "series"),
    [
        (
            m.PUBLISH_LATENESS,
            (
                "gamontj_publish_lateness_seconds_bucket",
                "gamontj_publish_lateness_seconds_sum",
                "gamontj_publish_lateness_seconds_count",
            ),
        ),
        (m.PUBLISH_ATTEMPTS, ("gamontj_publish_attempts_total",)),
        (m.TOKEN_REFRESHES, ("gamontj_connection_refreshes_total",)),
        (m.CONSUMER_PENDING, ("gamontj_messaging_consumer_pending",)),
        (
            m.RPC_DURATION,
            (
                "gamontj_rpc_server_duration_seconds_bucket",
                "gamontj_rpc_server_duration_seconds_sum",
                "gamontj_rpc_server_duration_seconds_count",
            ),
        ),
        (m.DEAD_LETTERED, ("gamontj_messaging_dead_lettered_total",)),
    ],
)
def test_prometheus_names_follow_the_otlp_translation(
    metric: m.Metric, series: tuple[str, ...]
) -> None:
    assert metric.prometheus_series == series


def test_labels_are_the_attributes_with_underscores() -> None:
    assert m.PUBLISH_ATTEMPTS.prometheus_labels == ("gamontj_provider", "gamontj_publish_outcome")
    assert m.RPC_DURATION.prometheus_labels == ("messaging_destination_name", "error_type", "le")
    assert set(m.prometheus_series_names()) >= {"gamontj_messaging_consumer_pending"}
