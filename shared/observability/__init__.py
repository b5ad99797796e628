"""Operator-facing observability contracts: the catalogue of metrics the services emit."""

from shared.observability.metric_names import CATALOGUE, Instrument, Metric

__all__ = ["CATALOGUE", "Instrument", "Metric"]
