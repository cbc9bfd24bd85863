package dev.vxplatform.gateway;

import dev.vxplatform.gateway.proxy.LimitOptions;
import dev.vxplatform.gateway.proxy.ProxyOptions;
import dev.vxplatform.gateway.proxy.RateLimitOptions;
import dev.vxplatform.gateway.routing.RouteDefaults;
import dev.vxplatform.gateway.routing.RouteSpec;
import dev.vxplatform.gateway.routing.RouteSpecs;
import dev.vxplatform.gateway.upstream.UpstreamOptions;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.web.HttpConfig;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of the gateway, read once. The JSON keys are documented on {@link RouteDefaults},
 * {@link UpstreamOptions}, {@link ProxyOptions}, {@link RateLimitOptions} and {@link LimitOptions}; {@link #ENV_KEYS} maps environment variables onto them.
 *
 * @param http          {@code HTTP_HOST}, {@code GATEWAY_PORT} or {@code HTTP_PORT} (default
 *                      {@value #DEFAULT_HTTP_PORT}), {@code PUBLIC_HOST}; {@code TLS_CERT_FILE},
 *                      {@code TLS_KEY_FILE}, {@code TLS_CA_FILE}: HTTPS at the edge and to every instance
 * @param registry      {@code DISCOVERY_LEASE_MS}, {@code DISCOVERY_REFRESH_MS}, {@code SERVICE_VERSION}
 * @param routes        {@code routes}, env {@code GATEWAY_ROUTES}: a JSON array of
 *                      {@code {prefix, service, strategy?, stripPrefix?, connectTimeoutMs?, responseTimeoutMs?,
 *                      tryTimeoutMs?, maxRetries?}}, or {@code prefix=service[:strategy],...}; default
 *                      {@link RouteSpecs#DEFAULT_ROUTES}
 * @param routeDefaults what routes (and all routes announced in discovery metadata) get unless they say otherwise
 * @param upstream      circuit breaker and latency tracking per instance
 * @param proxy         bodies, retry budget, connection pools, event loops
 * @param publicReads   {@code publicReads}, env {@code GATEWAY_PUBLIC_READS}: comma-separated path prefixes whose
 *                      GET and HEAD need no token (default {@value #DEFAULT_PUBLIC_READS}, the catalog); every
 *                      other proxied request needs a valid bearer token
 * @param rateLimits    token buckets per caller at the edge (see {@link RateLimitOptions})
 * @param limits        the adaptive concurrency limit per service (see {@link LimitOptions})
 */
public record GatewayConfig(HttpConfig http, RegistryOptions registry, List<RouteSpec> routes,
    RouteDefaults routeDefaults, UpstreamOptions upstream, ProxyOptions proxy, List<String> publicReads,
    RateLimitOptions rateLimits, LimitOptions limits) {

  public static final String SERVICE_NAME = "gateway";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_PUBLIC_READS = "/api/products";

  /** Environment variable → JSON config key. */
  public static final Map<String, String> ENV_KEYS = envKeys();
  private static final Set<String> TEXT_KEYS = Set.of("routes", "strategy", "stripPrefix", "publicReads",
      "concurrencyLimit");

  public GatewayConfig {
    routes = List.copyOf(routes);
    publicReads = List.copyOf(publicReads);
    for (String prefix : publicReads) {
      if (!prefix.startsWith("/") || prefix.length() < 2 || prefix.endsWith("/")) {
        throw new IllegalArgumentException("GATEWAY_PUBLIC_READS: '" + prefix + "' is not a path prefix like /api/x");
      }
    }
  }

  public static GatewayConfig fromEnv(Map<String, String> env) {
    int port = Integer.parseInt(env.getOrDefault("GATEWAY_PORT", String.valueOf(DEFAULT_HTTP_PORT)).trim());
    return from(HttpConfig.fromEnv(env, port), RegistryOptions.fromEnv(env), jsonFromEnv(env));
  }

  public static GatewayConfig from(HttpConfig http, RegistryOptions registry, JsonObject json) {
    RouteDefaults defaults = RouteDefaults.from(json);
    List<String> publicReads = Arrays.stream(json.getString("publicReads", DEFAULT_PUBLIC_READS).split(","))
        .map(String::trim).filter(prefix -> !prefix.isEmpty()).toList();
    return new GatewayConfig(http, registry, RouteSpecs.parse(json.getValue("routes"), defaults), defaults,
        UpstreamOptions.from(json), ProxyOptions.from(json), publicReads, RateLimitOptions.from(json),
        LimitOptions.from(json));
  }

  /** A free port on loopback and default timings: what tests deploy. */
  public static GatewayConfig forTests() {
    return forTests(new JsonObject());
  }

  /**
   * A free port on loopback, with {@code json} overriding defaults (same keys as {@link #ENV_KEYS} values). No rate
   * limit unless {@code json} sets one: a test of routing or retries sends faster than one caller may.
   */
  public static GatewayConfig forTests(JsonObject json) {
    JsonObject unlimited = new JsonObject().put("readsPerSecond", 0).put("writesPerSecond", 0);
    return from(HttpConfig.ephemeral(), RegistryOptions.defaults(), unlimited.mergeIn(json));
  }

  static JsonObject jsonFromEnv(Map<String, String> env) {
    JsonObject json = new JsonObject();
    ENV_KEYS.forEach((variable, key) -> {
      String value = env.get(variable);
      if (value != null && TEXT_KEYS.contains(key)) {
        json.put(key, value.trim()); // empty is meaningful: GATEWAY_STRIP_PREFIX= forwards paths unchanged
        return;
      }
      if (value == null || value.isBlank()) {
        return;
      }
      try {
        json.put(key, value.contains(".") ? (Object) Double.parseDouble(value.trim()) : Long.parseLong(value.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(variable + " must be a number, got '" + value + "'");
      }
    });
    return json;
  }

  private static Map<String, String> envKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("GATEWAY_ROUTES", "routes");
    keys.put("GATEWAY_LB", "strategy");
    keys.put("GATEWAY_STRIP_PREFIX", "stripPrefix");
    keys.put("GATEWAY_CONNECT_TIMEOUT_MS", "connectTimeoutMs");
    keys.put("GATEWAY_RESPONSE_TIMEOUT_MS", "responseTimeoutMs");
    keys.put("GATEWAY_TRY_TIMEOUT_MS", "tryTimeoutMs");
    keys.put("GATEWAY_MAX_RETRIES", "maxRetries");
    keys.put("GATEWAY_BREAKER_MAX_FAILURES", "breakerMaxFailures");
    keys.put("GATEWAY_BREAKER_RESET_MS", "breakerResetMs");
    keys.put("GATEWAY_BREAKER_FAILURE_WINDOW_MS", "breakerFailureWindowMs");
    keys.put("GATEWAY_EWMA_DECAY_MS", "ewmaDecayMs");
    keys.put("GATEWAY_MAX_BODY_BYTES", "maxBodyBytes");
    keys.put("GATEWAY_RETRY_BUFFER_BYTES", "retryBufferBytes");
    keys.put("GATEWAY_RETRY_BUDGET_RATIO", "retryBudgetRatio");
    keys.put("GATEWAY_RETRY_MIN_PER_SECOND", "retryMinPerSecond");
    keys.put("GATEWAY_RETRY_BUDGET_CAPACITY", "retryBudgetCapacity");
    keys.put("GATEWAY_POOL_SIZE", "poolSize");
    keys.put("GATEWAY_KEEP_ALIVE_SECONDS", "keepAliveSeconds");
    keys.put("GATEWAY_EVENT_LOOPS", "eventLoops");
    keys.put("GATEWAY_RETRY_AFTER_SECONDS", "retryAfterSeconds");
    keys.put("GATEWAY_INSTANCE_WAIT_MS", "instanceWaitMs");
    keys.put("GATEWAY_PUBLIC_READS", "publicReads");
    keys.put("GATEWAY_CONCURRENCY_LIMIT", "concurrencyLimit");
    keys.put("GATEWAY_LIMIT_INITIAL", "limitInitial");
    keys.put("GATEWAY_LIMIT_MIN", "limitMin");
    keys.put("GATEWAY_LIMIT_MAX", "limitMax");
    keys.put("GATEWAY_LIMIT_QUEUE", "limitQueue");
    keys.put("GATEWAY_RATE_READS_PER_SECOND", "readsPerSecond");
    keys.put("GATEWAY_RATE_READ_BURST", "readBurst");
    keys.put("GATEWAY_RATE_WRITES_PER_SECOND", "writesPerSecond");
    keys.put("GATEWAY_RATE_WRITE_BURST", "writeBurst");
    return Map.copyOf(keys);
  }
}
