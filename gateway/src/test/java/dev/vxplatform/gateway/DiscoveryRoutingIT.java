package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The instances and routes the gateway uses follow discovery while it runs: no restart, no stale instance. */
class DiscoveryRoutingIT {

  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(new JsonObject().put("routes", new JsonArray()
        .add(ProxyIT.route("/api/late", "late-service"))
        .add(ProxyIT.route("/api/gone", "gone-service").put("strategy", "round-robin"))));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void newInstancePublishedWhileRunningGetsTrafficWithoutRestart() {
    assertThat(harness.get("/api/late/1").statusCode()).isEqualTo(503);

    TestBackend late = harness.backend("late-service", "late-1");

    waitUntil("the new instance answers through the gateway", Duration.ofSeconds(5),
        () -> harness.get("/api/late/1").statusCode() == 200);
    assertThat(late.received()).isPositive();
  }

  @Test
  void serviceAnnouncingRoutesInItsMetadataIsReachable() {
    TestBackend payments = TestBackend.start(harness.backendNode, "payments-service", "payments-1",
        new JsonObject().put("routes", new JsonArray().add("/api/payments")));

    waitUntil("the announced route works", Duration.ofSeconds(5),
        () -> harness.get("/api/payments/9").statusCode() == 200);
    HttpResponse<Buffer> response = harness.get("/api/payments/9?full=true");
    assertThat(response.bodyAsJsonObject().getString("uri")).isEqualTo("/payments/9?full=true");
    assertThat(payments.received()).isGreaterThanOrEqualTo(2);
    JsonArray routes = harness.manage("/admin/routes").bodyAsJsonObject().getJsonArray("routes");
    assertThat(routes.stream().map(JsonObject.class::cast)
        .filter(route -> route.getString("prefix").equals("/api/payments"))
        .map(route -> route.getString("origin"))).containsExactly("discovery");
  }

  @Test
  void instanceWhoseRecordDisappearsGetsNoNewRequest() {
    TestBackend leaving = harness.backend("gone-service", "gone-1");
    TestBackend staying = harness.backend("gone-service", "gone-2");
    harness.awaitKnown(leaving, staying);

    leaving.unpublish(); // still listening: only the record goes
    waitUntil("the gateway forgot the record", Duration.ofSeconds(3), () -> harness.instance(leaving).isEmpty());
    int before = leaving.received();
    Set<String> answeredBy = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      HttpResponse<Buffer> response = harness.get("/api/gone/" + i);
      assertThat(response.statusCode()).isEqualTo(200);
      answeredBy.add(harness.backendOf(response));
    }

    assertThat(leaving.received()).isEqualTo(before);
    assertThat(answeredBy).containsExactly("gone-2");
  }
}
