package dev.vxplatform.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {

  private final RouteDefaults defaults = RouteDefaults.defaults();

  private static ServiceInstance announcing(String service, String... prefixes) {
    return new ServiceInstance(service, service + "-reg", "i", "n", ServiceInstance.HTTP, "h", 1, null,
        new JsonObject().put("routes", new JsonArray(List.of((Object[]) prefixes))));
  }

  @Test
  void longestPrefixWins() {
    Routes routes = new Routes(RouteSpecs.parse("/api=catch-all,/api/orders=order-service", defaults), defaults);

    assertThat(routes.match("/api/orders/1").service()).isEqualTo("order-service");
    assertThat(routes.match("/api/other").service()).isEqualTo("catch-all");
    assertThat(routes.match("/elsewhere")).isNull();
  }

  @Test
  void addsAnnouncedRoutesButConfigurationWins() {
    Routes routes = new Routes(RouteSpecs.parse("/api/orders=order-service", defaults), defaults);

    routes.refresh(Map.of("rogue", List.of(announcing("rogue", "/api/orders", "/api/rogue"))));

    assertThat(routes.match("/api/orders/1").service()).isEqualTo("order-service");
    assertThat(routes.match("/api/rogue/1").service()).isEqualTo("rogue");
    assertThat(routes.match("/api/rogue/1").origin()).isEqualTo("discovery");
  }

  @Test
  void keepsEachRoutesBalancerAcrossRebuildsAndDropsVanishedRoutes() {
    Routes routes = new Routes(RouteSpecs.parse("/api/orders=order-service", defaults), defaults);
    routes.refresh(Map.of("pay", List.of(announcing("pay", "/api/pay"))));
    Route orders = routes.match("/api/orders");
    Route pay = routes.match("/api/pay");

    routes.refresh(Map.of("pay", List.of(announcing("pay", "/api/pay"))));
    assertThat(routes.match("/api/orders").balancer()).isSameAs(orders.balancer());
    assertThat(routes.match("/api/pay").balancer()).isSameAs(pay.balancer());

    routes.refresh(Map.of());
    assertThat(routes.match("/api/pay")).isNull();
  }
}
