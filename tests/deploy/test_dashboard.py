"""The provisioned Grafana dashboard parses and asks only for metrics the services emit."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml

from shared.observability import metric_names as m
from tests.deploy.dashboard_rules import dashboard_violations, promql_names
from tests.deploy.layout import DASHBOARD, DATASOURCES

# The issue names these panels: publishing outcomes, lateness, error rate, consumer lag.
REQUIRED = (m.PUBLISH_ATTEMPTS, m.PUBLISH_LATENESS, m.RPC_DURATION, m.CONSUMER_PENDING)


@pytest.fixture
def dashboard() -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return parsed


@pytest.fixture(scope="module")
def datasource_uids() -> set[str]:
    provisioned = yaml.safe_load(DATASOURCES.read_text())["datasources"]
    return {source["uid"] for source in provisioned}


def test_the_dashboard_uses_only_catalogued_metrics_and_labels(
    dashboard: dict[str, Any], datasource_uids: set[str]
) -> None:
    assert dashboard["uid"] == "gamontj-publishing"
    assert dashboard_violations(dashboard, datasource_uids, REQUIRED) == []


def test_the_required_panels_are_there(dashboard: dict[str, Any]) -> None:
    titles = {panel["title"] for panel in dashboard["panels"]}
    assert {"Publishing outcomes", "Publish lateness", "Consumer lag"} <= titles
    assert any("error" in title.lower() or "failure" in title.lower() for title in titles)


def test_promql_names_separates_metrics_from_labels_functions_and_strings() -> None:
    metrics, labels = promql_names(
        'histogram_quantile(0.95, sum by (le, x_y) (rate(a_b_bucket{c=~"d|e_f", g!="h"}'
        "[$__rate_interval]))) / ignoring(z) count(up offset 5m)"
    )
    assert metrics == {"a_b_bucket", "up"}
    assert labels == {"le", "x_y", "c", "g", "z"}


def _first_expr(dashboard: dict[str, Any]) -> dict[str, Any]:
    target: dict[str, Any] = dashboard["panels"][0]["targets"][0]
    return target


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (
            lambda d: _first_expr(d).update(expr="sum(rate(gamontj_publish_total[5m]))"),
            "gamontj_publish_total",
        ),
        (
            lambda d: _first_expr(d).update(
                expr="sum by (tenant_id) (rate(gamontj_publish_attempts_total[5m]))"
            ),
            "tenant_id",
        ),
        (
            lambda d: d["panels"][0].update(datasource={"type": "prometheus", "uid": "mimir"}),
            "mimir",
        ),
        (lambda d: d["panels"].pop(6), "gamontj.messaging.consumer.pending"),
        (
            lambda d: d["templating"]["list"][0]["query"].update(
                query="label_values(publish_attempts, provider)"
            ),
            "publish_attempts",
        ),
    ],
    ids=["unknown-metric", "unknown-label", "unknown-datasource", "missing-panel", "variable"],
)
def test_a_broken_dashboard_is_reported(
    dashboard: dict[str, Any], datasource_uids: set[str], change: Any, complaint: str
) -> None:
    broken = copy.deepcopy(dashboard)
    change(broken)
    violations = dashboard_violations(broken, datasource_uids, REQUIRED)
    assert any(complaint in violation for violation in violations), violations
