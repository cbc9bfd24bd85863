package dev.vxplatform.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.gateway.upstream.Strategy;
import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteSpecsTest {

  private final RouteDefaults defaults = RouteDefaults.defaults();

  @Test
  void defaultsRouteOrdersAndInventoryPrefixes() {
    List<RouteSpec> specs = RouteSpecs.parse(null, defaults);

    assertThat(specs).extracting(RouteSpec::prefix, RouteSpec::service).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/api/orders", "order-service"),
        org.assertj.core.groups.Tuple.tuple("/api/products", "inventory-service"),
        org.assertj.core.groups.Tuple.tuple("/api/stock", "inventory-service"),
        org.assertj.core.groups.Tuple.tuple("/api/inventory", "inventory-service"),
        org.assertj.core.groups.Tuple.tuple("/api/reservations", "inventory-service"));
    assertThat(specs).allSatisfy(spec -> {
      assertThat(spec.stripPrefix()).isEqualTo("/api");
      assertThat(spec.strategy()).isEqualTo(Strategy.POWER_OF_TWO_CHOICES);
    });
  }

  @Test
  void readsTheSimpleSyntaxWithOptionalStrategy() {
    List<RouteSpec> specs = RouteSpecs.parse(" /api/a=a-service , /api/b/=b-service:rr", defaults);

    assertThat(specs.get(0).prefix()).isEqualTo("/api/a");
    assertThat(specs.get(1).prefix()).isEqualTo("/api/b");
    assertThat(specs.get(1).strategy()).isEqualTo(Strategy.ROUND_ROBIN);
  }

  @Test
  void readsJsonWithPerRouteOverrides() {
    List<RouteSpec> specs = RouteSpecs.parse("[{\"prefix\":\"/v2/pay\",\"service\":\"pay\",\"strategy\":\"random\","
        + "\"stripPrefix\":\"/v2\",\"connectTimeoutMs\":50,\"responseTimeoutMs\":700,\"tryTimeoutMs\":300,"
        + "\"maxRetries\":0}]", defaults);

    assertThat(specs).singleElement().isEqualTo(new RouteSpec("/v2/pay", "pay", Strategy.RANDOM, "/v2", 50, 700, 300, 0));
  }

  @Test
  void anAttemptThatMayBeRetriedWaitsTheTryTimeoutAndTheLastOneTheResponseTimeout() {
    RouteSpec spec = new RouteSpec("/api/orders", "order-service", Strategy.RANDOM, "/api", 50, 5_000, 300, 2);

    assertThat(spec.headTimeoutMillis(true, 1)).isEqualTo(300);
    assertThat(spec.headTimeoutMillis(true, 2)).isEqualTo(300);
    assertThat(spec.headTimeoutMillis(true, 3)).as("no retry after the third").isEqualTo(5_000);
    assertThat(spec.headTimeoutMillis(false, 1)).as("a POST without key is never retried").isEqualTo(5_000);
    assertThat(new RouteSpec("/api/x", "x", Strategy.RANDOM, "", 50, 200, 300, 2).headTimeoutMillis(true, 1))
        .as("never longer than the response timeout").isEqualTo(200);
  }

  @Test
  void refusesBrokenEntriesWithTheirText() {
    assertThatThrownBy(() -> RouteSpecs.parse("/api/a", defaults)).hasMessageContaining("'/api/a'");
    assertThatThrownBy(() -> RouteSpecs.parse("api/a=svc", defaults)).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> RouteSpecs.parse("/admin/x=svc", defaults)).hasMessageContaining("/admin");
    assertThatThrownBy(() -> RouteSpecs.parse("/openapi.json=svc", defaults)).hasMessageContaining("/openapi.json");
    assertThatThrownBy(() -> RouteSpecs.parse("[{\"prefix\":\"/a\"", defaults)).hasMessageContaining("JSON");
    assertThatThrownBy(() -> RouteSpecs.parse("/a=svc:fastest", defaults)).hasMessageContaining("fastest");
  }

  @Test
  void matchesOnSegmentBoundaries() {
    RouteSpec spec = defaults.spec("/api/orders", "order-service", new JsonObject());

    assertThat(spec.matches("/api/orders")).isTrue();
    assertThat(spec.matches("/api/orders/42")).isTrue();
    assertThat(spec.matches("/api/ordersx")).isFalse();
    assertThat(spec.matches("/api")).isFalse();
    assertThat(RouteSpec.isReserved("/health/ready")).isTrue();
    assertThat(RouteSpec.isReserved("/healthy")).isFalse();
  }

  @Test
  void stripsThePrefixKeepingTheQuery() {
    RouteSpec spec = defaults.spec("/api/orders", "order-service", new JsonObject());

    assertThat(spec.targetUri("/api/orders/42?x=1")).isEqualTo("/orders/42?x=1");
    assertThat(spec.targetUri("/api")).isEqualTo("/");
    assertThat(spec.targetUri("/api?x=1")).isEqualTo("/?x=1");
    assertThat(spec.targetUri("/apix/y")).isEqualTo("/apix/y");
    assertThat(defaults.spec("/raw", "s", new JsonObject().put("stripPrefix", "")).targetUri("/raw/a"))
        .isEqualTo("/raw/a");
  }

  @Test
  void readsRoutesFromDiscoveryMetadataSkippingBadOnes() {
    ServiceInstance instance = new ServiceInstance("payments", "r", "i", "n", ServiceInstance.HTTP, "h", 1, null,
        new JsonObject().put(RouteSpecs.METADATA_KEY, new JsonArray().add("/api/payments").add("nope")
            .add("/metrics")));

    assertThat(RouteSpecs.fromMetadata(instance, defaults)).singleElement()
        .satisfies(spec -> {
          assertThat(spec.prefix()).isEqualTo("/api/payments");
          assertThat(spec.service()).isEqualTo("payments");
        });
  }
}
