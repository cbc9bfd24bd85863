package dev.vxplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.gateway.proxy.ProxyOptions;
import dev.vxplatform.gateway.proxy.RateLimitOptions;
import dev.vxplatform.gateway.routing.RouteDefaults;
import dev.vxplatform.gateway.upstream.Strategy;
import dev.vxplatform.gateway.upstream.UpstreamOptions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  @Test
  void defaultsWhenNothingIsSet() {
    GatewayConfig config = GatewayConfig.fromEnv(env());

    assertThat(config.http().port()).isEqualTo(GatewayConfig.DEFAULT_HTTP_PORT);
    assertThat(config.routes()).hasSize(5);
    assertThat(config.routeDefaults()).isEqualTo(RouteDefaults.defaults());
    assertThat(config.upstream()).isEqualTo(UpstreamOptions.defaults());
    assertThat(config.proxy().maxBodyBytes()).isEqualTo(ProxyOptions.DEFAULT_MAX_BODY_BYTES);
    assertThat(config.proxy().eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.rateLimits().reads()).isEqualTo(new RateLimitOptions.Policy("reads", 200, 400));
    assertThat(config.rateLimits().writes()).isEqualTo(new RateLimitOptions.Policy("writes", 100, 200));
  }

  @Test
  void readsEveryVariable() {
    GatewayConfig config = GatewayConfig.fromEnv(Map.ofEntries(
        Map.entry("GATEWAY_PORT", "9090"),
        Map.entry("GATEWAY_ROUTES", "/api/pay=payments"),
        Map.entry("GATEWAY_LB", "least-outstanding"),
        Map.entry("GATEWAY_STRIP_PREFIX", ""),
        Map.entry("GATEWAY_CONNECT_TIMEOUT_MS", "250"),
        Map.entry("GATEWAY_RESPONSE_TIMEOUT_MS", "900"),
        Map.entry("GATEWAY_MAX_RETRIES", "1"),
        Map.entry("GATEWAY_BREAKER_MAX_FAILURES", "7"),
        Map.entry("GATEWAY_BREAKER_RESET_MS", "1500"),
        Map.entry("GATEWAY_RETRY_BUDGET_RATIO", "0.1"),
        Map.entry("GATEWAY_MAX_BODY_BYTES", "2048"),
        Map.entry("GATEWAY_POOL_SIZE", "8"),
        Map.entry("GATEWAY_EVENT_LOOPS", "3"),
        Map.entry("GATEWAY_PUBLIC_READS", "/api/catalog, /api/pay/prices"),
        Map.entry("GATEWAY_RATE_READS_PER_SECOND", "0"),
        Map.entry("GATEWAY_RATE_WRITES_PER_SECOND", "2.5"),
        Map.entry("GATEWAY_RATE_WRITE_BURST", "4"),
        Map.entry("JWT_PUBLIC_KEY_FILE", "/keys/jwt-public.pem")));

    assertThat(config.publicReads()).containsExactly("/api/catalog", "/api/pay/prices");
    assertThat(config.rateLimits().reads().perSecond()).as("0: no read limit").isZero();
    assertThat(config.rateLimits().writes()).isEqualTo(new RateLimitOptions.Policy("writes", 2.5, 4));
    assertThat(config.http().auth().publicKeyFile()).isEqualTo("/keys/jwt-public.pem");

    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.routes()).singleElement().satisfies(route -> {
      assertThat(route.service()).isEqualTo("payments");
      assertThat(route.strategy()).isEqualTo(Strategy.LEAST_OUTSTANDING);
      assertThat(route.stripPrefix()).isEmpty();
      assertThat(route.connectTimeoutMillis()).isEqualTo(250);
      assertThat(route.responseTimeoutMillis()).isEqualTo(900);
      assertThat(route.maxRetries()).isEqualTo(1);
    });
    assertThat(config.upstream().breakerMaxFailures()).isEqualTo(7);
    assertThat(config.upstream().breakerResetMillis()).isEqualTo(1500);
    assertThat(config.proxy().retryBudgetRatio()).isEqualTo(0.1);
    assertThat(config.proxy().maxBodyBytes()).isEqualTo(2048);
    assertThat(config.proxy().poolSize()).isEqualTo(8);
    assertThat(config.proxy().eventLoops()).isEqualTo(3);
  }

  @Test
  void namesTheVariableThatIsNotANumber() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("GATEWAY_POOL_SIZE", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GATEWAY_POOL_SIZE");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("GATEWAY_EVENT_LOOPS", "0")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("GATEWAY_RATE_WRITES_PER_SECOND", "-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate limit writes");
  }

  @Test
  void theConcurrencyLimitIsOffUnlessTurnedOnAndItsBoundsAreChecked() {
    assertThat(GatewayConfig.fromEnv(env()).limits().enabled()).isFalse();
    GatewayConfig on = GatewayConfig.fromEnv(env("GATEWAY_CONCURRENCY_LIMIT", "adaptive"));
    assertThat(on.limits().enabled()).isTrue();
    GatewayConfig bounded = GatewayConfig.fromEnv(env("GATEWAY_LIMIT_INITIAL", "10", "GATEWAY_LIMIT_MIN", "2",
        "GATEWAY_LIMIT_MAX", "50"));
    assertThat(bounded.limits().initial()).isEqualTo(10);
    assertThat(bounded.limits().min()).isEqualTo(2);
    assertThat(bounded.limits().max()).isEqualTo(50);
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("GATEWAY_CONCURRENCY_LIMIT", "sometimes")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GATEWAY_CONCURRENCY_LIMIT");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(env("GATEWAY_LIMIT_MIN", "30", "GATEWAY_LIMIT_INITIAL", "20")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limitMin");
  }

  /** The variables, and the token key every service needs (read at start, not here). */
  private static Map<String, String> env(String... pairs) {
    Map<String, String> vars = new HashMap<>(Map.of("JWT_PUBLIC_KEY_FILE", "/keys/jwt-public.pem"));
    for (int i = 0; i < pairs.length; i += 2) {
      vars.put(pairs[i], pairs[i + 1]);
    }
    return vars;
  }
}
