package dev.vxplatform.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.loadtests.bench.FixedRateRun;
import dev.vxplatform.loadtests.bench.PlaceOrderCall;
import dev.vxplatform.loadtests.gatling.BrowseCatalog;
import dev.vxplatform.loadtests.gatling.FixedRateGet;
import dev.vxplatform.loadtests.gatling.GatlingRunner;
import dev.vxplatform.loadtests.gatling.Mixed;
import dev.vxplatform.loadtests.gatling.PlaceOrders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Gatling simulations from rotting: each runs briefly, at a low rate, against a small private cluster
 * (gateway, one order-service, one inventory-service) and must pass its assertions with no failed request; a
 * run with failing requests must fail. The order path gets the benchmark's own open-model generator at a fixed
 * rate, so a collapse (errors, a queue that never drains) fails the build. Latency bounds are loose: this is a
 * smoke run on a busy CI machine, not a measurement ({@code load-tests/bench-orders.sh} measures).
 */
class GatlingSmokeIT {

  private static final Logger LOG = LoggerFactory.getLogger(GatlingSmokeIT.class);
  private static final Path RESULTS = Path.of("target/gatling-smoke");
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
  private static final long ORDER_RATE = 40;
  private static final long ORDER_WARMUP_SECONDS = 5;
  private static final long ORDER_SECONDS = 10;
  private static final long ORDER_P99_MICROS = 5_000_000;
  private static LocalCluster cluster;
  private static String token;

  @BeforeAll
  static void up() {
    cluster = new LocalCluster(1, 1);
    assertThat(cluster.run("up")).contains("All 3 nodes ready");
    // As load-tests/gatling.sh gets it: an operator's, since the shoppers' orders name many customers.
    token = cluster.token("--sub", "gatling", "--scope", "orders:write orders:read inventory:admin admin");
  }

  @AfterAll
  static void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void mixedWorkloadRunsFifteenSecondsWithoutFailure() {
    GatlingRunner.Outcome outcome = run(Mixed.class, 15, 6);
    assertThat(outcome.output()).as("requests of every journey were made")
        .contains("list products").contains("place order");
  }

  @Test
  void browseAndOrderSimulationsRunWithoutFailure() {
    assertThat(run(BrowseCatalog.class, 4, 3).output()).contains("stock by sku");
    assertThat(run(PlaceOrders.class, 4, 3).output()).contains("get order");
  }

  @Test
  void keyedOrdersAtAFixedRateAreAllPlaced() {
    Vertx vertx = Vertx.vertx();
    try {
      URI gateway = URI.create(baseUrl());
      FixedRateRun.Result result = PlaceOrderCall.forCatalog(vertx, gateway, "Bearer " + token, false)
          .compose(call -> restock(vertx, call.skus()).map(call))
          .compose(call -> FixedRateRun.measure(List.of(vertx.getOrCreateContext()), call, ORDER_RATE,
              ORDER_WARMUP_SECONDS, ORDER_SECONDS, 64))
          .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      LOG.info("orders at {}/s: {}", ORDER_RATE, result);
      assertThat(result.ok()).as("every order due in the measured %d s was placed (201): %s", ORDER_SECONDS, result)
          .isEqualTo(ORDER_RATE * ORDER_SECONDS);
      assertThat(result.percentileMicros(99)).as("p99, µs: %s", result).isLessThanOrEqualTo(ORDER_P99_MICROS);
    } catch (Exception e) {
      throw new AssertionError("the order run did not finish", e);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void failingRequestsFailTheRun() {
    GatlingRunner.Outcome outcome = GatlingRunner.run(FixedRateGet.class, RESULTS,
        Map.of("baseUrl", baseUrl(), "path", "/api/products/NO-SUCH-SKU", "rate", "2", "rampUp", "0",
            "duration", "2"), token, RUN_TIMEOUT);
    assertThat(outcome.exitCode()).as(outcome.output()).isNotZero();
    assertThat(outcome.output()).contains("failed events");
  }

  private static GatlingRunner.Outcome run(Class<?> simulation, int seconds, int usersPerSecond) {
    GatlingRunner.Outcome outcome = GatlingRunner.run(simulation, RESULTS,
        Map.of("baseUrl", baseUrl(), "rate", String.valueOf(usersPerSecond), "rampUp", "0",
            "duration", String.valueOf(seconds), "p99Ms", "3000", "maxFailedPercent", "0"), token, RUN_TIMEOUT);
    assertThat(outcome.exitCode()).as("%s passed its assertions:%n%s", simulation.getSimpleName(), outcome.output())
        .isZero();
    assertThat(outcome.report()).as("HTML report").isPresent();
    LOG.info("{}: report {}", simulation.getSimpleName(), outcome.report().orElseThrow().toAbsolutePath());
    return outcome;
  }

  /** Enough stock for every order of the fixed-rate run, whatever the simulations took before it. */
  private static Future<Void> restock(Vertx vertx, List<String> skus) {
    WebClient client = WebClient.create(vertx);
    return Future.all(skus.stream().map(sku -> client.post(cluster.gatewayPort(), "127.0.0.1",
            "/api/stock/" + sku + "/restock").putHeader("Authorization", "Bearer " + token)
            .sendJsonObject(new JsonObject().put("qty", 1_000_000))
            .expecting(HttpResponseExpectation.SC_OK)).toList())
        .<Void>mapEmpty()
        .onComplete(done -> client.close());
  }

  private static String baseUrl() {
    return "http://127.0.0.1:" + cluster.gatewayPort();
  }
}
