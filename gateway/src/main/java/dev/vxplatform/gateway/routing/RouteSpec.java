package dev.vxplatform.gateway.routing;

import dev.vxplatform.gateway.upstream.Strategy;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * One row of the route table: requests whose path starts with {@code prefix} go to an instance of
 * {@code service}.
 *
 * @param prefix                path prefix, matched on segment boundaries: {@code /api/orders} matches
 *                              {@code /api/orders} and {@code /api/orders/42?x=1}, not {@code /api/ordersx}
 * @param service               discovery name of the service
 * @param strategy              how an instance is chosen
 * @param stripPrefix           removed from the front of the path before forwarding when present ("" = none)
 * @param connectTimeoutMillis  bound on getting a connection to the instance (pool wait + TCP connect)
 * @param responseTimeoutMillis bound on waiting for the response head, and on silence between body chunks
 * @param tryTimeoutMillis      the shorter bound on the response head of an attempt that may still be retried (a
 *                              GET, or a POST with {@code Idempotency-Key}, with retries left): an instance cut off
 *                              from the network takes this, not the whole response timeout, before another is asked
 * @param maxRetries            further attempts on other instances after the first one failed
 */
public record RouteSpec(String prefix, String service, Strategy strategy, String stripPrefix,
    long connectTimeoutMillis, long responseTimeoutMillis, long tryTimeoutMillis, int maxRetries) {

  /** Paths the gateway answers itself; no route may take them over. */
  static final String[] RESERVED = {"/health", "/metrics", "/admin", "/openapi.json"};

  public RouteSpec {
    if (prefix == null || !prefix.startsWith("/")) {
      throw new IllegalArgumentException("route prefix must start with '/', got '" + prefix + "'");
    }
    if (prefix.length() > 1 && prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    for (String reserved : RESERVED) {
      if (underPrefix(prefix, reserved)) {
        throw new IllegalArgumentException("route prefix " + prefix + " would hide the gateway's own " + reserved);
      }
    }
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("route " + prefix + " names no service");
    }
    if (connectTimeoutMillis < 1 || responseTimeoutMillis < 1 || tryTimeoutMillis < 1 || maxRetries < 0) {
      throw new IllegalArgumentException("route " + prefix + ": timeouts must be positive and retries >= 0");
    }
    stripPrefix = stripPrefix == null ? "" : stripPrefix;
  }

  /** True when the gateway answers {@code path} itself (health, metrics, admin, its API contract). */
  public static boolean isReserved(String path) {
    for (String reserved : RESERVED) {
      if (underPrefix(path, reserved)) {
        return true;
      }
    }
    return false;
  }

  public boolean matches(String path) {
    return underPrefix(path, prefix);
  }

  /** True when {@code path} is {@code prefix} or below it, on a segment boundary. */
  public static boolean isUnder(String path, String prefix) {
    return underPrefix(path, prefix);
  }

  private static boolean underPrefix(String path, String prefix) {
    return path.startsWith(prefix) && (path.length() == prefix.length() || prefix.equals("/")
        || path.charAt(prefix.length()) == '/');
  }

  /**
   * How long attempt number {@code attempt} (from 1) may stay silent: {@link #tryTimeoutMillis} when a retry may
   * follow it, else the whole {@link #responseTimeoutMillis}. It bounds the silences of the response body too:
   * re-arming the timer once the head was in cost the gateway 4x its CPU per request
   * ({@code gateway/bench/bench-gateway-ab.sh}).
   */
  public long headTimeoutMillis(boolean retriable, int attempt) {
    return retriable && attempt <= maxRetries ? Math.min(tryTimeoutMillis, responseTimeoutMillis)
        : responseTimeoutMillis;
  }

  /** The request URI as the instance receives it: {@code /api/orders/42?x=1} becomes {@code /orders/42?x=1}. */
  public String targetUri(String uri) {
    if (stripPrefix.isEmpty() || !uri.startsWith(stripPrefix)) {
      return uri;
    }
    int end = stripPrefix.length();
    if (uri.length() == end) {
      return "/";
    }
    char next = uri.charAt(end);
    if (next == '/') {
      return uri.substring(end);
    }
    return next == '?' ? "/" + uri.substring(end) : uri;
  }

  /**
   * An attempt's request to the instance at {@code host}:{@code port}: the client's method, its URI as the instance
   * receives it, this route's connect timeout, and {@code headTimeoutMillis} to wait for the answer's head.
   */
  public RequestOptions requestTo(HttpMethod method, String clientUri, String host, int port, long headTimeoutMillis) {
    return new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(targetUri(clientUri))
        .setConnectTimeout(connectTimeoutMillis).setIdleTimeout(headTimeoutMillis);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("prefix", prefix)
        .put("service", service)
        .put("strategy", strategy.configName())
        .put("stripPrefix", stripPrefix)
        .put("connectTimeoutMs", connectTimeoutMillis)
        .put("responseTimeoutMs", responseTimeoutMillis)
        .put("tryTimeoutMs", tryTimeoutMillis)
        .put("maxRetries", maxRetries);
  }
}
