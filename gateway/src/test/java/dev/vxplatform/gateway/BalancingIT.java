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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Distribution of each strategy over two real instances; each strategy gets its own route and service. */
class BalancingIT {

  private static final Logger LOG = LoggerFactory.getLogger(BalancingIT.class);
  private static final List<String> STRATEGIES =
      List.of("round-robin", "random", "least-outstanding", "power-of-two-choices");
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    JsonArray routes = new JsonArray();
    // Long timeouts: a request held on purpose must not time out and move during a test.
    STRATEGIES.forEach(strategy -> routes.add(new JsonObject().put("prefix", "/api/" + strategy)
        .put("service", strategy + "-service").put("strategy", strategy).put("responseTimeoutMs", 60_000)
        .put("tryTimeoutMs", 60_000)));
    // One event loop: these tests assert exact distributions, and with several loops a client's next request can
    // be picked on another loop a moment before the previous one's in-flight count is released.
    harness = GatewayHarness.start(new JsonObject().put("routes", routes).put("eventLoops", 1));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** Two fresh instances of the strategy's own service, known to the gateway. */
  private static TestBackend[] pair(String strategy) {
    TestBackend first = harness.backend(strategy + "-service", "first");
    TestBackend second = harness.backend(strategy + "-service", "second");
    harness.awaitKnown(first, second);
    return new TestBackend[] {first, second};
  }

  @Test
  void roundRobinAlternatesExactly() {
    pair("round-robin");
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      order.add(harness.backendOf(harness.get("/api/round-robin/" + i)));
    }

    for (int i = 1; i < order.size(); i++) {
      assertThat(order.get(i)).as("request %d of %s", i, order).isNotEqualTo(order.get(i - 1));
    }
    assertThat(counts(order)).containsOnly(Map.entry("first", 5L), Map.entry("second", 5L));
  }

  @Test
  void randomUsesEveryInstance() {
    pair("random");
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      order.add(harness.backendOf(harness.get("/api/random/" + i)));
    }

    // P(an instance gets fewer than 6 of 40 fair coin flips) < 1e-6
    assertThat(counts(order).values()).hasSize(2).allMatch(count -> count >= 6);
  }

  @Test
  void leastOutstandingSendsNewRequestsToTheIdleInstanceWhileTheOtherHoldsSlowOnes() {
    TestBackend[] pair = pair("least-outstanding");
    TestBackend holding = pair[0];
    holding.mode = TestBackend.Mode.HOLD;
    List<Future<HttpResponse<Buffer>>> pending = new ArrayList<>();
    // Ties rotate, so within a few requests one lands on (and stays held by) the holding instance.
    for (int i = 0; i < 4 && holding.held() == 0; i++) {
      Future<HttpResponse<Buffer>> request = harness.request(HttpMethod.GET, "/api/least-outstanding/warm").send();
      pending.add(request);
      waitUntil("held or answered", Duration.ofSeconds(3), () -> holding.held() > 0 || request.isComplete());
    }
    assertThat(holding.held()).isEqualTo(1);

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      order.add(harness.backendOf(harness.get("/api/least-outstanding/" + i)));
    }

    assertThat(order).containsOnly("second");
    assertThat(holding.held()).isEqualTo(1);
    holding.release();
    pending.forEach(request -> assertThat(await(request).statusCode()).isEqualTo(200));
  }

  @Test
  void powerOfTwoChoicesSendsClearlyLessToASlowInstance() {
    TestBackend[] pair = pair("power-of-two-choices");
    TestBackend slow = pair[0];
    slow.delayMillis = 200;
    List<String> order = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      List<Future<HttpResponse<Buffer>>> batch = IntStream.range(0, 6)
          .mapToObj(i -> harness.request(HttpMethod.GET, "/api/power-of-two-choices/x").send())
          .toList();
      batch.forEach(request -> order.add(harness.backendOf(await(request))));
    }

    LOG.info("power-of-two-choices sent {} of 60 requests to the slow instance; admin: {}", slow.received(),
        harness.instances());
    assertThat(order).hasSize(60);
    // Round-robin or random would send ~30 there; half of that is "clearly less" with a wide margin.
    assertThat(slow.received()).as("requests to the slow instance").isLessThan(15);
    assertThat(harness.instance(slow).orElseThrow().getDouble("ewmaMillis"))
        .isGreaterThan(harness.instance(pair[1]).orElseThrow().getDouble("ewmaMillis"));
  }

  private static Map<String, Long> counts(List<String> order) {
    return order.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }
}
