package dev.vxplatform.gateway.routing;

import dev.vxplatform.gateway.upstream.Strategy;
import io.vertx.core.json.JsonObject;

/**
 * What a route gets when it does not say otherwise (every route from discovery metadata, and configured routes
 * that leave a key out).
 *
 * @param strategy              {@code strategy}, env {@code GATEWAY_LB} (default power-of-two-choices)
 * @param stripPrefix           {@code stripPrefix}, env {@code GATEWAY_STRIP_PREFIX} (default
 *                              {@value #DEFAULT_STRIP_PREFIX}; empty to forward paths unchanged)
 * @param connectTimeoutMillis  {@code connectTimeoutMs}, env {@code GATEWAY_CONNECT_TIMEOUT_MS} (default
 *                              {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS})
 * @param responseTimeoutMillis {@code responseTimeoutMs}, env {@code GATEWAY_RESPONSE_TIMEOUT_MS} (default
 *                              {@value #DEFAULT_RESPONSE_TIMEOUT_MILLIS})
 * @param tryTimeoutMillis      {@code tryTimeoutMs}, env {@code GATEWAY_TRY_TIMEOUT_MS} (default
 *                              {@value #DEFAULT_TRY_TIMEOUT_MILLIS}): an attempt that may be retried waits this long
 *                              for the response head ({@link RouteSpec#headTimeoutMillis})
 * @param maxRetries            {@code maxRetries}, env {@code GATEWAY_MAX_RETRIES} (default
 *                              {@value #DEFAULT_MAX_RETRIES})
 */
public record RouteDefaults(Strategy strategy, String stripPrefix, long connectTimeoutMillis,
    long responseTimeoutMillis, long tryTimeoutMillis, int maxRetries) {

  public static final Strategy DEFAULT_STRATEGY = Strategy.POWER_OF_TWO_CHOICES;
  public static final String DEFAULT_STRIP_PREFIX = "/api";
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 1_000;
  public static final long DEFAULT_RESPONSE_TIMEOUT_MILLIS = 5_000;
  public static final long DEFAULT_TRY_TIMEOUT_MILLIS = 2_000;
  public static final int DEFAULT_MAX_RETRIES = 2;

  public static RouteDefaults defaults() {
    return from(new JsonObject());
  }

  public static RouteDefaults from(JsonObject json) {
    return new RouteDefaults(
        json.containsKey("strategy") ? Strategy.parse(json.getString("strategy")) : DEFAULT_STRATEGY,
        json.getString("stripPrefix", DEFAULT_STRIP_PREFIX),
        json.getLong("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MILLIS),
        json.getLong("responseTimeoutMs", DEFAULT_RESPONSE_TIMEOUT_MILLIS),
        json.getLong("tryTimeoutMs", DEFAULT_TRY_TIMEOUT_MILLIS),
        json.getInteger("maxRetries", DEFAULT_MAX_RETRIES));
  }

  /** A route with these defaults, overridden by whatever keys {@code route} carries. */
  public RouteSpec spec(String prefix, String service, JsonObject route) {
    return new RouteSpec(prefix, service,
        route.containsKey("strategy") ? Strategy.parse(route.getString("strategy")) : strategy,
        route.getString("stripPrefix", stripPrefix),
        route.getLong("connectTimeoutMs", connectTimeoutMillis),
        route.getLong("responseTimeoutMs", responseTimeoutMillis),
        route.getLong("tryTimeoutMs", tryTimeoutMillis),
        route.getInteger("maxRetries", maxRetries));
  }
}
