package dev.vxplatform.shared.testing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/**
 * An OpenTelemetry that keeps every finished span in memory, sampled always, with W3C trace context: give it to
 * {@link TestCluster#startWithDatabaseTraced} and read the spans the cluster's requests made.
 */
public final class TracingCapture implements AutoCloseable {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();

  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Every span finished so far. */
  public List<SpanData> all() {
    return exporter.getFinishedSpanItems();
  }

  /** The spans of {@code traceId} finished so far, in the order they finished. */
  public List<SpanData> trace(String traceId) {
    return exporter.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
