package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the gateway makes of instances that look unhealthy without being dead, as on either side of a network split.
 * One that takes a request and never answers (cut off behind a kept-alive connection, or stalled on a cut-off
 * member's data) holds a retriable request only for the route's try timeout, not its whole response timeout, and
 * those short tries do not count against it. One that answers 503 (a minority refusing writes) keeps its breaker
 * closed, so it still gets the reads it can serve.
 */
class SilentAndRefusingInstancesIT {

  /** Longer than {@code await} waits: only the try timeout can get an answer in time. */
  private static final long RESPONSE_TIMEOUT_MILLIS = 120_000;
  private static final int BREAKER_MAX_FAILURES = 3;
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(new JsonObject().put("breakerMaxFailures", BREAKER_MAX_FAILURES)
        .put("routes", new JsonArray()
            .add(new JsonObject().put("prefix", "/api/cutoff").put("service", "cutoff-service")
                .put("strategy", "round-robin").put("responseTimeoutMs", RESPONSE_TIMEOUT_MILLIS)
                .put("tryTimeoutMs", 300))
            .add(new JsonObject().put("prefix", "/api/refusing").put("service", "refusing-service"))
            .add(new JsonObject().put("prefix", "/api/stalling").put("service", "stalling-service")
                .put("responseTimeoutMs", 1_000).put("tryTimeoutMs", 200).put("maxRetries", 2))));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aGetHeldByAnInstanceThatNeverAnswersIsAnsweredByAnother() {
    TestBackend first = harness.backend("cutoff-service", "cutoff-1");
    TestBackend second = harness.backend("cutoff-service", "cutoff-2");
    harness.awaitKnown(first, second);
    first.mode = TestBackend.Mode.HOLD;
    second.mode = TestBackend.Mode.HOLD;

    Future<HttpResponse<Buffer>> get = harness.request(HttpMethod.GET, "/api/cutoff/products/7").send();
    waitUntil("an instance holds the first attempt", Duration.ofSeconds(5), () -> first.held() + second.held() == 1);
    TestBackend silent = first.held() == 1 ? first : second;
    TestBackend answering = silent == first ? second : first;
    answering.mode = TestBackend.Mode.ECHO;

    HttpResponse<Buffer> response = await(get);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("backend")).isEqualTo(answering.name);
    assertThat(Stream.of(silent, answering).mapToLong(backend -> backend.received("GET")).sum())
        .as("one attempt each").isEqualTo(2);
  }

  @Test
  void anInstanceThatAnswers503KeepsItsBreakerClosedAndServesTheNextRead() {
    TestBackend refusing = harness.backend("refusing-service", "refusing-1");
    harness.awaitKnown(refusing);
    refusing.mode = TestBackend.Mode.STATUS;
    refusing.status = 503;

    for (int i = 0; i < BREAKER_MAX_FAILURES + 2; i++) {
      assertThat(await(harness.request(HttpMethod.GET, "/api/refusing/orders/7").send()).statusCode())
          .isEqualTo(503);
    }
    assertThat(harness.breaker(refusing)).isEqualTo("CLOSED");

    refusing.mode = TestBackend.Mode.ECHO;
    assertThat(await(harness.request(HttpMethod.GET, "/api/refusing/orders/7").send()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void onlyTheLastAttemptsTimeoutCountsTowardTheBreaker() {
    TestBackend stalling = harness.backend("stalling-service", "stalling-1");
    harness.awaitKnown(stalling);
    stalling.mode = TestBackend.Mode.HOLD;

    for (int i = 0; i < BREAKER_MAX_FAILURES - 1; i++) { // two short tries and one full wait each
      assertThat(await(harness.request(HttpMethod.GET, "/api/stalling/orders/7").send()).statusCode())
          .isEqualTo(504);
    }

    assertThat(stalling.held()).as("every attempt reached the instance").isEqualTo(3 * (BREAKER_MAX_FAILURES - 1));
    assertThat(harness.breaker(stalling)).isEqualTo("CLOSED");
  }
}
