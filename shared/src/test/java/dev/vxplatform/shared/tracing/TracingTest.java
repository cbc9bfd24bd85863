package dev.vxplatform.shared.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Tracing} against a tiny real OTLP/HTTP collector on loopback: it exports only when given an endpoint. */
class TracingTest {

  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer collector;

  @BeforeEach
  void startCollector() throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/", exchange -> {
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
          + exchange.getRequestHeaders().getFirst("Content-Type"));
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  @Test
  void withAnOtlpEndpointSpansGoToItOverHttp() {
    OpenTelemetry tracing = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint()), "svc");

    tracing.getTracer("test").spanBuilder("one").startSpan().end();
    ((OpenTelemetrySdk) tracing).getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);

    assertThat(received).containsExactly("POST /v1/traces application/x-protobuf");
    ((OpenTelemetrySdk) tracing).close();
  }

  @Test
  void withoutAnEndpointSpansAreMadeButSentNowhere() {
    OpenTelemetry tracing = Tracing.fromEnvironment(Map.of(), "svc");

    var span = tracing.getTracer("test").spanBuilder("one").startSpan();
    span.end();
    ((OpenTelemetrySdk) tracing).getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);

    assertThat(span.getSpanContext().isValid()).as("a trace id for logs and problems").isTrue();
    assertThat(received).isEmpty();
    ((OpenTelemetrySdk) tracing).close();
  }

  private String endpoint() {
    return "http://127.0.0.1:" + collector.getAddress().getPort();
  }
}
