package dev.vxplatform.shared.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * This JVM's OpenTelemetry, configured the standard way: every {@code OTEL_*} environment variable (sampler, exporter,
 * endpoint, resource) means what the OpenTelemetry SDK documents. Defaults that differ from the SDK's:
 * <ul>
 *   <li>spans are exported (OTLP) only when an OTLP endpoint is named ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 *       {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) or {@code OTEL_TRACES_EXPORTER} is set: without them nothing leaves
 *       the JVM, yet every request still gets a trace id for its logs, its problem bodies and the next hop;</li>
 *   <li>no metrics or logs are exported through OpenTelemetry (metrics are Micrometer's, on {@code /metrics});</li>
 *   <li>OTLP goes over HTTP ({@code http/protobuf}, the only sender in the jars);</li>
 *   <li>{@code OTEL_SERVICE_NAME} defaults to the service's name.</li>
 * </ul>
 * One per JVM: a node that rejoins the cluster builds a new Vert.x, not a new tracer.
 */
public final class Tracing {

  private static OpenTelemetry jvm;

  private Tracing() {
  }

  /** Built on the first call, from the environment; later calls return the same one whatever they name. */
  public static synchronized OpenTelemetry forService(String service) {
    if (jvm == null) {
      jvm = fromEnvironment(System.getenv(), service);
    }
    return jvm;
  }

  /** @param env read as the SDK reads the process environment ({@code OTEL_FOO_BAR} is {@code otel.foo.bar}) */
  static OpenTelemetry fromEnvironment(Map<String, String> env, String service) {
    Map<String, String> defaults = new HashMap<>();
    boolean endpointNamed = env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
        || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    defaults.put("otel.traces.exporter", endpointNamed ? "otlp" : "none");
    // The jars carry the JDK's HTTP sender only (no OkHttp, no gRPC): OTLP over HTTP, port 4318 by default.
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    defaults.put("otel.service.name", service);
    env.forEach((name, value) -> {
      if (name.startsWith("OTEL_")) {
        defaults.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .build()
        .getOpenTelemetrySdk();
  }
}
