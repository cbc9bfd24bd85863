package dev.vxplatform.gateway.upstream;

import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.json.JsonObject;

/**
 * Per-instance health tracking.
 *
 * @param breakerMaxFailures       {@code breakerMaxFailures}, env {@code GATEWAY_BREAKER_MAX_FAILURES} (default
 *                                 {@value #DEFAULT_BREAKER_MAX_FAILURES}): consecutive failed attempts (connect
 *                                 error, timeout, broken connection, 5xx) that open an instance's breaker; a
 *                                 success resets the count (vertx-circuit-breaker semantics)
 * @param breakerResetMillis       {@code breakerResetMs}, env {@code GATEWAY_BREAKER_RESET_MS} (default
 *                                 {@value #DEFAULT_BREAKER_RESET_MILLIS}): how long an open breaker stays open
 *                                 before it lets one trial request through (half-open)
 * @param breakerFailureWindowMillis {@code breakerFailureWindowMs}, env {@code GATEWAY_BREAKER_FAILURE_WINDOW_MS}
 *                                 (default {@value #DEFAULT_BREAKER_FAILURE_WINDOW_MILLIS}): failures older than
 *                                 this no longer count
 * @param ewmaDecayMillis          {@code ewmaDecayMs}, env {@code GATEWAY_EWMA_DECAY_MS} (default
 *                                 {@value #DEFAULT_EWMA_DECAY_MILLIS}): time constant of the latency average
 */
public record UpstreamOptions(int breakerMaxFailures, long breakerResetMillis, long breakerFailureWindowMillis,
    long ewmaDecayMillis) {

  public static final int DEFAULT_BREAKER_MAX_FAILURES = 5;
  public static final long DEFAULT_BREAKER_RESET_MILLIS = 5_000;
  public static final long DEFAULT_BREAKER_FAILURE_WINDOW_MILLIS = 10_000;
  public static final long DEFAULT_EWMA_DECAY_MILLIS = 10_000;

  public UpstreamOptions {
    if (breakerMaxFailures < 1 || breakerResetMillis < 1 || breakerFailureWindowMillis < 1000 || ewmaDecayMillis < 1) {
      throw new IllegalArgumentException("breaker max failures and times must be positive (failure window >= 1000 ms)");
    }
  }

  public static UpstreamOptions defaults() {
    return from(new JsonObject());
  }

  public static UpstreamOptions from(JsonObject json) {
    return new UpstreamOptions(
        json.getInteger("breakerMaxFailures", DEFAULT_BREAKER_MAX_FAILURES),
        json.getLong("breakerResetMs", DEFAULT_BREAKER_RESET_MILLIS),
        json.getLong("breakerFailureWindowMs", DEFAULT_BREAKER_FAILURE_WINDOW_MILLIS),
        json.getLong("ewmaDecayMs", DEFAULT_EWMA_DECAY_MILLIS));
  }

  CircuitBreakerOptions breakerOptions() {
    return new CircuitBreakerOptions()
        .setMaxFailures(breakerMaxFailures)
        .setResetTimeout(breakerResetMillis)
        .setFailuresRollingWindow(breakerFailureWindowMillis)
        // Timeouts are the route's business (they differ per route, the breaker is per instance).
        .setTimeout(-1)
        // No event-bus notifications: they need HdrHistogram and would flood a clustered bus with one
        // message per breaker every 2 s; state is exported through /metrics and /admin/instances instead.
        .setNotificationAddress(null);
  }
}
