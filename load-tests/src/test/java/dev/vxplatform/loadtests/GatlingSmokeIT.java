package dev.vxplatform.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.loadtests.gatling.BrowseCatalog;
import dev.vxplatform.loadtests.gatling.FixedRateGet;
import dev.vxplatform.loadtests.gatling.GatlingRunner;
import dev.vxplatform.loadtests.gatling.Mixed;
import dev.vxplatform.loadtests.gatling.PlaceOrders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Gatling simulations from rotting: each runs briefly, at a low rate, against a small private cluster
 * (gateway, one order-service, one inventory-service) and must pass its assertions with no failed request; a
 * run with failing requests must fail. Latency bounds are loose: this is a smoke run on a busy CI machine, not
 * a measurement.
 */
class GatlingSmokeIT {

  private static final Logger LOG = LoggerFactory.getLogger(GatlingSmokeIT.class);
  private static final Path RESULTS = Path.of("target/gatling-smoke");
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
  private static LocalCluster cluster;

  @BeforeAll
  static void up() {
    cluster = new LocalCluster(1, 1);
    assertThat(cluster.run("up")).contains("All 3 nodes ready");
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
  void failingRequestsFailTheRun() {
    GatlingRunner.Outcome outcome = GatlingRunner.run(FixedRateGet.class, RESULTS,
        Map.of("baseUrl", baseUrl(), "path", "/api/products/NO-SUCH-SKU", "rate", "2", "rampUp", "0",
            "duration", "2"), RUN_TIMEOUT);
    assertThat(outcome.exitCode()).as(outcome.output()).isNotZero();
    assertThat(outcome.output()).contains("failed events");
  }

  private static GatlingRunner.Outcome run(Class<?> simulation, int seconds, int usersPerSecond) {
    GatlingRunner.Outcome outcome = GatlingRunner.run(simulation, RESULTS,
        Map.of("baseUrl", baseUrl(), "rate", String.valueOf(usersPerSecond), "rampUp", "0",
            "duration", String.valueOf(seconds), "p99Ms", "3000", "maxFailedPercent", "0"), RUN_TIMEOUT);
    assertThat(outcome.exitCode()).as("%s passed its assertions:%n%s", simulation.getSimpleName(), outcome.output())
        .isZero();
    assertThat(outcome.report()).as("HTML report").isPresent();
    LOG.info("{}: report {}", simulation.getSimpleName(), outcome.report().orElseThrow().toAbsolutePath());
    return outcome;
  }

  private static String baseUrl() {
    return "http://127.0.0.1:" + cluster.gatewayPort();
  }
}
