"""Checks that the Grafana dashboard asks Prometheus only for metrics the services emit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from shared.observability.metric_names import Metric, prometheus_series_names

# Labels Prometheus adds itself: histogram buckets, and the job/instance of each SDK.
BUILTIN_LABELS = {"le", "job", "instance"}
KEYWORDS = {
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "and",
    "or",
    "unless",
    "offset",
}
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_MATCHERS = re.compile(r"\{([^}]*)\}")
_MATCHER_LABEL = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)")
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")
_RANGE = re.compile(r"\[[^\]]*\]")
_IDENTIFIER = re.compile(r"(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?")
_LABEL_VALUES = re.compile(r"label_values\(\s*([a-zA-Z_:][\w:]*)\s*,\s*([a-zA-Z_]\w*)\s*\)")


def promql_names(expr: str) -> tuple[set[str], set[str]]:
    """The metric names and the label names a PromQL expression uses."""
    text = _STRING.sub('""', expr)
    labels = {label for block in _MATCHERS.findall(text) for label in _MATCHER_LABEL.findall(block)}
    labels |= {
        label.strip()
        for group in _GROUPING.findall(text)
        for label in group.split(",")
        if label.strip()
    }
    text = _RANGE.sub("", _GROUPING.sub("", _MATCHERS.sub("", text)))
    metrics = {
        name for name, call in _IDENTIFIER.findall(text) if not call and name not in KEYWORDS
    }
    return metrics, labels


def prometheus_queries(dashboard: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, PromQL) for every Prometheus query of the dashboard, variables included."""
    for panel in dashboard.get("panels", []):
        for target in panel.get("targets", []):
            if (target.get("datasource") or panel.get("datasource", {})).get(
                "type"
            ) == "prometheus":
                yield f"panel {panel.get('title')!r} {target.get('refId')}", target["expr"]
    for variable in dashboard.get("templating", {}).get("list", []):
        query = variable.get("query")
        text = query.get("query", "") if isinstance(query, dict) else str(query)
        for metric, label in _LABEL_VALUES.findall(text):
            yield f"variable {variable['name']!r}", f"count by ({label}) ({metric})"


def dashboard_violations(
    dashboard: dict[str, Any], datasource_uids: set[str], required: tuple[Metric, ...]
) -> list[str]:
    """Unknown metrics or labels, unknown data sources, and required metrics left unused."""
    catalogue = prometheus_series_names()
    violations: list[str] = []
    used: set[str] = set()
    for where, expr in prometheus_queries(dashboard):
        metrics, labels = promql_names(expr)
        unknown = metrics - set(catalogue)
        if unknown or not metrics:
            violations.append(f"{where} uses metrics outside the catalogue: {sorted(unknown)}")
        allowed = BUILTIN_LABELS.union(
            *(catalogue[name].prometheus_labels for name in metrics & set(catalogue))
        )
        if labels - allowed:
            violations.append(f"{where} uses labels no metric carries: {sorted(labels - allowed)}")
        used |= {catalogue[name].name for name in metrics & set(catalogue)}
    for panel in dashboard.get("panels", []):
        for source in [panel.get("datasource")] + [
            t.get("datasource") for t in panel.get("targets", [])
        ]:
            if source and source.get("uid") not in datasource_uids:
                violations.append(f"panel {panel.get('title')!r} uses data source {source}")
    violations += [
        f"no panel shows {metric.name}" for metric in required if metric.name not in used
    ]
    return violations
