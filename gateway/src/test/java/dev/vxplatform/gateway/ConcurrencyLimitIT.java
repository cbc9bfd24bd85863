package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adaptive concurrency limit in front of a service, on one event loop: once the service stops answering, the
 * requests over its limit are refused at once with a 503 and Retry-After and never reach it; once it answers again,
 * the limit climbs back and bursts are let through whole.
 */
class ConcurrencyLimitIT {

  private static final int INITIAL_LIMIT = 4;
  private static final long SERVICE_MILLIS = 20;
  private static GatewayHarness harness;
  private static TestBackend shop;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(new JsonObject()
        .put("routes", "/api/shop=shop-service")
        .put("eventLoops", 1)
        .put("concurrencyLimit", "adaptive")
        .put("limitInitial", INITIAL_LIMIT).put("limitMin", 2).put("limitMax", 16));
    shop = harness.backend("shop-service", "shop-1");
    harness.awaitKnown(shop);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void shedsWhenTheServiceStopsAnsweringAndAdmitsAgainOnceItRecovers() {
    // Every answer takes a while, so that the requests of a burst are in flight together.
    shop.delayMillis = SERVICE_MILLIS;
    for (int i = 0; i < 5; i++) {
      assertThat(harness.get("/api/shop/warm").statusCode()).isEqualTo(200);
    }
    shop.mode = TestBackend.Mode.HOLD;
    List<Future<HttpResponse<Buffer>>> admitted = IntStream.range(0, INITIAL_LIMIT)
        .mapToObj(i -> harness.request(HttpMethod.GET, "/api/shop/held").send()).toList();
    waitUntil("the service holds " + INITIAL_LIMIT + " requests", Duration.ofSeconds(5),
        () -> shop.held() == INITIAL_LIMIT);
    int reached = shop.received();

    List<HttpResponse<Buffer>> over = burst(6);

    assertThat(over).allSatisfy(answer -> {
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(answer.getHeader("Retry-After")).isEqualTo("1");
      assertThat(answer.bodyAsJsonObject().getString("title")).isEqualTo("Service overloaded");
    });
    assertThat(shop.received()).as("a shed request never reaches the service").isEqualTo(reached);
    JsonObject limit = limitOf("shop-service");
    assertThat(limit.getInteger("inFlight")).isEqualTo(INITIAL_LIMIT);
    assertThat(limit.getLong("shed")).isEqualTo(6);
    assertThat(harness.metrics()).contains("gateway_shed_total{route=\"/api/shop\"} 6.0")
        .contains("gateway_concurrency_limit{service=\"shop-service\"}");

    shop.mode = TestBackend.Mode.ECHO;
    shop.release();
    assertThat(await(Future.all(admitted)).<HttpResponse<Buffer>>list())
        .allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
    // Each answer takes SERVICE_MILLIS, so the 8 are in flight together: the limit climbed past its initial value.
    waitUntil("a burst of 8 is let through whole again", Duration.ofSeconds(10),
        () -> burst(8).stream().allMatch(answer -> answer.statusCode() == 200));
  }

  private static List<HttpResponse<Buffer>> burst(int requests) {
    return await(Future.all(IntStream.range(0, requests)
        .mapToObj(i -> harness.request(HttpMethod.GET, "/api/shop/burst").send()).toList())).list();
  }

  private static JsonObject limitOf(String service) {
    return harness.manage("/admin/instances").bodyAsJsonObject().getJsonArray("limits").stream()
        .map(JsonObject.class::cast).filter(json -> service.equals(json.getString("service"))).findFirst()
        .orElseThrow();
  }
}
