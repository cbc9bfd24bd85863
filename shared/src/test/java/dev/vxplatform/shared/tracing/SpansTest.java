package dev.vxplatform.shared.tracing;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.testing.TracingCapture;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Spans} in a real traced Vert.x HTTP server: a step is the parent of what begins while it runs and stops
 * being current when it ends; a map call is a leaf; both carry the order; nothing is recorded outside a request.
 */
class SpansTest {

  private final TracingCapture tracing = new TracingCapture();
  private Vertx vertx;
  private Spans spans;

  @BeforeEach
  void start() {
    vertx = Vertx.builder().withTracer(new OpenTelemetryTracingFactory(tracing.openTelemetry())).build();
    Spans.install(vertx, tracing.openTelemetry());
    spans = Spans.of(vertx);
  }

  @AfterEach
  void stop() {
    await(vertx.close());
    tracing.close();
  }

  @Test
  void aStepParentsTheCallsItMakesAndTheNextStepIsItsSibling() throws Exception {
    String traceparent = serve(request -> spans.step("order.reserve", "o-1",
            () -> spans.call("orders", "get", "o-1", "o-1", () -> vertx.timer(5).map("found")))
        .compose(found -> spans.step("order.confirm", "o-1", () -> Future.succeededFuture()))
        .onComplete(done -> request.response().end()));

    List<SpanData> trace = finished(traceparent, 4);
    SpanData server = only(trace, span -> span.getKind() == SpanKind.SERVER);
    SpanData reserve = only(trace, span -> span.getName().equals("order.reserve"));
    SpanData get = only(trace, span -> span.getName().equals("orders get"));
    SpanData confirm = only(trace, span -> span.getName().equals("order.confirm"));
    assertThat(server.getParentSpanId()).isEqualTo(traceparent.substring(36, 52));
    assertThat(reserve.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(get.getParentSpanId()).as("a call made while the step runs").isEqualTo(reserve.getSpanId());
    assertThat(confirm.getParentSpanId()).as("the step after it").isEqualTo(server.getSpanId());
    assertThat(reserve.getAttributes().get(Spans.ORDER_ID)).isEqualTo("o-1");
    assertThat(get.getAttributes().get(Spans.ORDER_ID)).isEqualTo("o-1");
    assertThat(get.getAttributes().get(Spans.MAP)).isEqualTo("orders");
    assertThat(get.getAttributes().get(Spans.KEY)).isEqualTo("o-1");
    assertThat(get.getEndEpochNanos() - get.getStartEpochNanos()).as("it ends when the call does")
        .isGreaterThanOrEqualTo(Duration.ofMillis(5).toNanos());
  }

  @Test
  void aFailedStepIsAnErrorAndNoLongerCurrent() throws Exception {
    String traceparent = serve(request -> spans.step("order.cancel", "o-2",
            () -> Future.<Void>failedFuture(new IllegalStateException("refused")))
        .recover(failure -> spans.step("order.release", "o-2", () -> Future.succeededFuture()))
        .onComplete(done -> request.response().end()));

    List<SpanData> trace = finished(traceparent, 3);
    SpanData server = only(trace, span -> span.getKind() == SpanKind.SERVER);
    SpanData cancel = only(trace, span -> span.getName().equals("order.cancel"));
    assertThat(cancel.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(cancel.getStatus().getDescription()).isEqualTo("refused");
    assertThat(only(trace, span -> span.getName().equals("order.release")).getParentSpanId())
        .isEqualTo(server.getSpanId());
  }

  @Test
  void outsideARequestOrWithoutATracerNothingIsRecorded() {
    Vertx untraced = Vertx.vertx();
    try {
      String answer = await(Future.<String>future(done -> vertx.runOnContext(v ->
          spans.step("order.reserve", "o-3", () -> spans.call("orders", "get", "o-3", "o-3",
              () -> Spans.of(untraced).step("order.confirm", "o-3", () -> Future.succeededFuture("ran"))))
              .onComplete(done))));

      assertThat(answer).isEqualTo("ran");
      assertThat(tracing.all()).isEmpty();
    } finally {
      await(untraced.close());
    }
  }

  /** Starts a server answering with {@code handler}, sends it one request as a traced caller; its traceparent. */
  private String serve(Handler<HttpServerRequest> handler) throws Exception {
    HttpServer server = await(vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1"));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String traceparent = String.format("00-%016x%016x-%016x-01", random.nextLong() | 1, random.nextLong(),
        random.nextLong() | 1);
    HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.actualPort() + "/")).header("traceparent", traceparent).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(answer.statusCode()).isEqualTo(200);
    return traceparent;
  }

  private List<SpanData> finished(String traceparent, int count) {
    String traceId = traceparent.substring(3, 35);
    waitUntil(count + " spans of the request end", Duration.ofSeconds(5),
        () -> tracing.trace(traceId).size() >= count);
    return tracing.trace(traceId);
  }

  private static SpanData only(List<SpanData> spans, Predicate<SpanData> which) {
    List<SpanData> found = spans.stream().filter(which).toList();
    assertThat(found).as("in %s", spans).hasSize(1);
    return found.get(0);
  }
}
