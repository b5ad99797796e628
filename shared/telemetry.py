"""OpenTelemetry setup: OTLP export when configured, in-memory exporter in tests, else nothing."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from opentelemetry import metrics, trace
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
)

from shared.settings import Settings

_lock = threading.Lock()
_installed: Telemetry | None = None


@dataclass(frozen=True)
class Telemetry:
    tracer_provider: TracerProvider
    meter_provider: MeterProvider


def setup_telemetry(
    service: str,
    settings: Settings,
    *,
    span_exporter: SpanExporter | None = None,
    metric_reader: MetricReader | None = None,
) -> Telemetry:
    """Install the process-wide providers once (later calls return the first installation).

    With no OTLP endpoint and no test exporter, spans are created for context propagation
    but exported nowhere, so nothing breaks and nothing leaves the machine.
    """
    global _installed
    with _lock:
        if _installed is not None:
            return _installed
        resource = Resource.create(
            {"service.name": f"gamontj-{service}", "service.namespace": "gamontj"}
        )
        tracer_provider = TracerProvider(resource=resource)
        readers: list[MetricReader] = [metric_reader] if metric_reader else []
        if span_exporter is not None:
            tracer_provider.add_span_processor(SimpleSpanProcessor(span_exporter))
        if settings.otlp_endpoint:
            from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
            readers.append(PeriodicExportingMetricReader(OTLPMetricExporter()))
        meter_provider = MeterProvider(resource=resource, metric_readers=readers)
        trace.set_tracer_provider(tracer_provider)
        metrics.set_meter_provider(meter_provider)
        PymongoInstrumentor().instrument(tracer_provider=tracer_provider)
        HTTPXClientInstrumentor().instrument(tracer_provider=tracer_provider)
        _installed = Telemetry(tracer_provider, meter_provider)
        return _installed


def shutdown_telemetry() -> None:
    """Flush exporters at process exit."""
    if _installed is not None:
        _installed.tracer_provider.shutdown()
        _installed.meter_provider.shutdown()
