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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Circuit breakers, ejection and safe retries while real instances fail. */
class ResilienceIT {

  private static final Logger LOG = LoggerFactory.getLogger(ResilienceIT.class);
  private static final int MAX_FAILURES = 3;
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    JsonArray routes = new JsonArray();
    for (String name : List.of("breaker", "failover", "post", "keyed", "refused", "unavailable", "recovering",
        "retrywait")) {
      routes.add(new JsonObject().put("prefix", "/api/" + name).put("service", name + "-service")
          .put("strategy", "round-robin"));
    }
    routes.add(new JsonObject().put("prefix", "/api/stall").put("service", "stall-service")
        .put("responseTimeoutMs", 500));
    harness = GatewayHarness.start(new JsonObject()
        .put("routes", routes)
        .put("breakerMaxFailures", MAX_FAILURES)
        .put("breakerResetMs", 700)
        // One gateway serves every test here: a budget emptied by the failover test must not refuse the retries
        // another test expects (the budget itself is RetryBudgetTest's subject).
        .put("retryBudgetCapacity", 1000));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static TestBackend[] pair(String name) {
    TestBackend first = harness.backend(name + "-service", name + "-1");
    TestBackend second = harness.backend(name + "-service", name + "-2");
    harness.awaitKnown(first, second);
    return new TestBackend[] {first, second};
  }

  @Test
  void consecutiveFailuresOpenTheBreakerAndOneHalfOpenTrialClosesIt() {
    TestBackend[] pair = pair("breaker");
    TestBackend failing = pair[0];
    TestBackend healthy = pair[1];
    failing.mode = TestBackend.Mode.STATUS;

    for (int i = 0; i < 2 * MAX_FAILURES; i++) {
      harness.get("/api/breaker/" + i); // alternates: the failing instance answers 500 three times
    }
    assertThat(failing.received()).isEqualTo(MAX_FAILURES);
    assertThat(harness.breaker(failing)).isEqualTo("OPEN");
    assertThat(harness.metrics()).containsPattern(
        "gateway_breaker_state\\{instance=\"127.0.0.1:" + failing.port() + "\".*} 2.0");

    for (int i = 0; i < 6; i++) {
      assertThat(harness.get("/api/breaker/skip" + i).statusCode()).isEqualTo(200);
    }
    assertThat(failing.received()).as("an open instance is skipped").isEqualTo(MAX_FAILURES);

    waitUntil("half-open after the reset timeout", Duration.ofSeconds(3),
        () -> harness.breaker(failing).equals("HALF_OPEN"));
    for (int i = 0; i < 4; i++) {
      harness.get("/api/breaker/trial" + i);
    }
    assertThat(failing.received()).as("half-open lets exactly one trial through").isEqualTo(MAX_FAILURES + 1);
    assertThat(harness.breaker(failing)).as("a failed trial opens it again").isEqualTo("OPEN");

    failing.mode = TestBackend.Mode.ECHO;
    waitUntil("half-open again", Duration.ofSeconds(3), () -> harness.breaker(failing).equals("HALF_OPEN"));
    for (int i = 0; i < 4; i++) {
      assertThat(harness.get("/api/breaker/recovered" + i).statusCode()).isEqualTo(200);
    }
    assertThat(harness.breaker(failing)).as("a successful trial closes it").isEqualTo("CLOSED");
    int before = failing.received();
    for (int i = 0; i < 4; i++) {
      harness.get("/api/breaker/back" + i);
    }
    assertThat(failing.received() - before).as("back in the rotation").isEqualTo(2);
    assertThat(healthy.received()).isGreaterThan(10);
  }

  @Test
  void instanceClosedAbruptlyUnderLoadCostsNoGet() {
    TestBackend[] pair = pair("failover");
    TestBackend dying = pair[0];
    dying.delayMillis = 20; // so that requests are in flight on it when it dies
    pair[1].delayMillis = 20;
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicLong deadline = new AtomicLong(System.nanoTime() + Duration.ofSeconds(20).toNanos());
    List<Future<Void>> clients = IntStream.range(0, 6).mapToObj(i -> loop(deadline, ok, failed)).toList();

    waitUntil("load reaches the doomed instance", Duration.ofSeconds(5), () -> dying.received() > 10);
    dying.closeAbruptly();
    int atClose = dying.received();
    deadline.set(System.nanoTime() + Duration.ofMillis(1_500).toNanos()); // load goes on after the close
    clients.forEach(client -> await(client));

    LOG.info("abrupt close: {} GETs ok, {} failed; retries {}", ok.get(), failed.get(),
        counter(harness.metrics(), "gateway_retries_total", "/api/failover"));
    assertThat(failed.get()).isZero();
    assertThat(ok.get()).isGreaterThan(50);
    assertThat(dying.received()).isEqualTo(atClose);
    assertThat(counter(harness.metrics(), "gateway_retries_total", "/api/failover")).isPositive();
    assertThat(harness.breaker(dying)).isIn("OPEN", "HALF_OPEN");
  }

  private static Future<Void> loop(AtomicLong deadline, AtomicInteger ok, AtomicInteger failed) {
    if (System.nanoTime() > deadline.get()) {
      return Future.succeededFuture();
    }
    return harness.request(HttpMethod.GET, "/api/failover/x").send()
        .transform(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 200) {
            ok.incrementAndGet();
          } else {
            failed.incrementAndGet();
            LOG.warn("GET failed: {}", ar.succeeded() ? ar.result().bodyAsString() : ar.cause().toString());
          }
          return loop(deadline, ok, failed);
        });
  }

  @Test
  void postWithoutKeyThatReachedADyingInstanceIsNotRepeated() {
    TestBackend[] pair = pair("post");
    pair[0].mode = TestBackend.Mode.HOLD;
    pair[1].mode = TestBackend.Mode.HOLD;
    Future<HttpResponse<Buffer>> post = harness.request(HttpMethod.POST, "/api/post/orders")
        .sendBuffer(Buffer.buffer("{\"sku\":\"A1\"}"));
    waitUntil("one instance holds the POST", Duration.ofSeconds(3), () -> pair[0].held() + pair[1].held() == 1);
    TestBackend reached = pair[0].held() == 1 ? pair[0] : pair[1];
    TestBackend other = reached == pair[0] ? pair[1] : pair[0];
    other.mode = TestBackend.Mode.ECHO;

    reached.closeAbruptly();

    HttpResponse<Buffer> response = await(post);
    assertThat(response.statusCode()).isEqualTo(502);
    ProxyIT.assertProblem(response, 502);
    assertThat(other.received("POST")).as("the other instance saw none of it").isZero();
    assertThat(reached.received("POST")).isEqualTo(1);
  }

  @Test
  void postWithIdempotencyKeyIsRetriedOnAnotherInstance() {
    TestBackend[] pair = pair("keyed");
    pair[0].mode = TestBackend.Mode.HOLD;
    pair[1].mode = TestBackend.Mode.HOLD;
    Future<HttpResponse<Buffer>> post = harness.request(HttpMethod.POST, "/api/keyed/orders")
        .putHeader("Idempotency-Key", "order-7")
        .sendBuffer(Buffer.buffer("{\"sku\":\"A1\"}"));
    waitUntil("one instance holds the POST", Duration.ofSeconds(3), () -> pair[0].held() + pair[1].held() == 1);
    TestBackend reached = pair[0].held() == 1 ? pair[0] : pair[1];
    TestBackend other = reached == pair[0] ? pair[1] : pair[0];
    other.mode = TestBackend.Mode.ECHO;

    reached.closeAbruptly();

    HttpResponse<Buffer> response = await(post);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject seen = response.bodyAsJsonObject();
    assertThat(seen.getString("backend")).isEqualTo(other.name);
    assertThat(seen.getJsonObject("headers").getString("idempotency-key")).isEqualTo("order-7");
    assertThat(seen.getJsonObject("headers").getString("host")).isEqualTo("127.0.0.1:" + other.port());
    assertThat(seen.getInteger("bodyLength")).isEqualTo(12);
  }

  @Test
  void postWithoutKeyIsRetriedWhenNothingWasSent() {
    TestBackend[] pair = pair("refused");
    pair[0].closeAbruptly(); // still in discovery, refusing connections

    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> response = await(harness.request(HttpMethod.POST, "/api/refused/orders")
          .sendBuffer(Buffer.buffer("{}")));
      assertThat(response.statusCode()).isEqualTo(200);
    }

    assertThat(pair[1].received("POST")).isEqualTo(3);
    assertThat(harness.breaker(pair[0])).as("ejected at the first refusal").isIn("OPEN", "HALF_OPEN");
    assertThat(harness.metrics()).contains("gateway_retries_total{reason=\"connect\",route=\"/api/refused\"}");
  }

  @Test
  void getIsRetriedOnAnInstanceThatOnlyTimedOutOnceEveryInstanceWasTried() {
    // The one instance stalls on its first request (as a healthy node does while the cluster fails over a hung
    // member's data) and answers the next one.
    TestBackend only = harness.backend("stall-service", "stall-1");
    harness.awaitKnown(only);
    only.mode = TestBackend.Mode.HOLD;
    Future<HttpResponse<Buffer>> get = harness.request(HttpMethod.GET, "/api/stall/orders/7").send();
    waitUntil("the instance holds the first attempt", Duration.ofSeconds(3), () -> only.held() == 1);
    only.mode = TestBackend.Mode.ECHO;

    HttpResponse<Buffer> response = await(get);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(only.received("GET")).as("the timed-out attempt, then the retry").isEqualTo(2);
    assertThat(counter(harness.metrics(), "gateway_retries_total", "/api/stall")).isEqualTo(1);
  }

  @Test
  void aRequestWaitsForAnOpenBreakerToHalfOpenInsteadOfFailingAtOnce() {
    TestBackend only = harness.backend("recovering-service", "recovering-1");
    harness.awaitKnown(only);
    only.mode = TestBackend.Mode.STATUS;
    for (int i = 0; i < MAX_FAILURES; i++) {
      harness.get("/api/recovering/" + i);
    }
    assertThat(harness.breaker(only)).isEqualTo("OPEN");
    only.mode = TestBackend.Mode.ECHO; // back, but the gateway only learns it through the half-open trial

    HttpResponse<Buffer> response = await(harness.request(HttpMethod.GET, "/api/recovering/after").send());

    assertThat(response.statusCode()).as("waited for the trial (reset 700 ms) instead of a 503").isEqualTo(200);
    assertThat(harness.breaker(only)).isEqualTo("CLOSED");
  }

  @Test
  void aRetryWaitsForAnOpenBreakerToHalfOpenToo() {
    TestBackend[] pair = pair("retrywait");
    TestBackend failing = pair[0];
    TestBackend opened = pair[1];
    opened.mode = TestBackend.Mode.STATUS;
    for (int i = 0; i < 4 * MAX_FAILURES && !harness.breaker(opened).equals("OPEN"); i++) {
      harness.get("/api/retrywait/" + i); // alternates: the second instance answers 500 until its breaker opens
    }
    assertThat(harness.breaker(opened)).isEqualTo("OPEN");
    opened.mode = TestBackend.Mode.ECHO; // recovered; only its half-open trial will tell the gateway
    failing.mode = TestBackend.Mode.STATUS;
    failing.status = 502;
    long before = failing.received("GET");

    HttpResponse<Buffer> response = await(harness.request(HttpMethod.GET, "/api/retrywait/after").send());

    assertThat(response.statusCode()).as("the retry waited for the other breaker (reset 700 ms)").isEqualTo(200);
    assertThat(failing.received("GET") - before).as("the first attempt, answered 502").isEqualTo(1);
    assertThat(harness.breaker(opened)).isEqualTo("CLOSED");
  }

  @Test
  void getIsNotRetriedOnTheInstanceThatAnswered503() {
    TestBackend only = harness.backend("unavailable-service", "unavailable-1");
    harness.awaitKnown(only);
    only.mode = TestBackend.Mode.STATUS;
    only.status = 503;

    HttpResponse<Buffer> response = await(harness.request(HttpMethod.GET, "/api/unavailable/orders/7").send());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(only.received("GET")).isEqualTo(1);
  }

  /** Sum of a counter's series whose labels mention {@code route}. */
  static double counter(String metrics, String name, String route) {
    Matcher matcher = Pattern.compile("^" + name + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    double sum = 0;
    while (matcher.find()) {
      if (matcher.group(1).contains("route=\"" + route + "\"")) {
        sum += Double.parseDouble(matcher.group(2));
      }
    }
    return sum;
  }
}
