"""OpenTelemetry setup: OTLP export when configured, in-memory exporter in tests, else nothing."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from opentelemetry import context as otel_context
from opentelemetry import metrics, trace
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
)
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, Sampler

from shared.settings import Settings

# The workspace (tenant) a span works for; every span started under it inherits the value.
WORKSPACE_ATTRIBUTE = "gamontj.tenant_id"

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

    With no OTLP endpoint and no test exporter nothing would ever read a span, so none is
    recorded: spans are still started (non-recording) and carry trace and span ids, which
    flow into log lines, attempts, stored trace context and message headers as before; the
    per-command MongoDB instrumentation, which only feeds an exporter, is not installed
    (docs/decisions/0068-...).
    """
    global _installed
    with _lock:
        if _installed is not None:
            return _installed
        resource = Resource.create(
            {"service.name": f"gamontj-{service}", "service.namespace": "gamontj"}
        )
        exporting = span_exporter is not None or bool(settings.otlp_endpoint)
        tracer_provider = TracerProvider(resource=resource, sampler=_sampler(exporting))
        tracer_provider.add_span_processor(InheritWorkspace())
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
        if exporting:
            PymongoInstrumentor().instrument(tracer_provider=tracer_provider)
        # HTTP calls are instrumented either way: the instrumentation injects `traceparent`.
        HTTPXClientInstrumentor().instrument(tracer_provider=tracer_provider)
        _installed = Telemetry(tracer_provider, meter_provider)
        return _installed


def _sampler(exporting: bool) -> Sampler | None:
    """The SDK's default (every trace, or OTEL_TRACES_SAMPLER) when spans go somewhere;
    none recorded otherwise. ALWAYS_OFF still gives each span its ids (the parent's trace
    id, or a new one for a root), so correlation by trace id works in a silent process."""
    return None if exporting else ALWAYS_OFF


def shutdown_telemetry() -> None:
    """Flush exporters at process exit."""
    if _installed is not None:
        _installed.tracer_provider.shutdown()
        _installed.meter_provider.shutdown()


def tag_workspace(tenant_id: str | None) -> None:
    """Mark the current span (and so every span started under it) with the workspace id."""
    if tenant_id:
        trace.get_current_span().set_attribute(WORKSPACE_ATTRIBUTE, tenant_id)


class InheritWorkspace(SpanProcessor):
    """Copies the parent's workspace id onto a new child span in the same process.

    MongoDB and provider HTTP spans are created by instrumentation that knows nothing of
    tenants; inheriting the attribute lets an operator filter a workspace's spans in Tempo.
    """

    def on_start(self, span: Span, parent_context: otel_context.Context | None = None) -> None:
        parent = trace.get_current_span(parent_context)
        if not isinstance(parent, ReadableSpan) or WORKSPACE_ATTRIBUTE in (span.attributes or {}):
            return
        tenant_id = (parent.attributes or {}).get(WORKSPACE_ATTRIBUTE)
        if tenant_id:
            span.set_attribute(WORKSPACE_ATTRIBUTE, tenant_id)
