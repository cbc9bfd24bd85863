package dev.vxplatform.order.inventory;

/**
 * How the order-service calls inventory over the event bus.
 *
 * @param timeoutMillis {@code INVENTORY_TIMEOUT_MS} (default {@value #DEFAULT_TIMEOUT_MILLIS}): how long a request
 *                      waits for inventory's reply before the caller answers 503
 * @param maxFailures   {@code INVENTORY_BREAKER_MAX_FAILURES} (default {@value #DEFAULT_MAX_FAILURES}): consecutive
 *                      failures (timeouts, no handler, 5xx) that open the circuit
 * @param resetMillis   {@code INVENTORY_BREAKER_RESET_MS} (default {@value #DEFAULT_RESET_MILLIS}): how long the
 *                      circuit stays open (failing fast) before one trial call is let through; also the
 *                      {@code Retry-After} given to clients
 */
public record InventoryClientOptions(long timeoutMillis, int maxFailures, long resetMillis) {

  public static final long DEFAULT_TIMEOUT_MILLIS = 2000;
  public static final int DEFAULT_MAX_FAILURES = 3;
  public static final long DEFAULT_RESET_MILLIS = 5000;

  public InventoryClientOptions {
    if (timeoutMillis < 10 || maxFailures < 1 || resetMillis < 10) {
      throw new IllegalArgumentException("inventory timeout, breaker failures and reset must be positive");
    }
  }

  public static InventoryClientOptions defaults() {
    return new InventoryClientOptions(DEFAULT_TIMEOUT_MILLIS, DEFAULT_MAX_FAILURES, DEFAULT_RESET_MILLIS);
  }

  /** Whole seconds until the open circuit lets a trial call through, at least 1: the {@code Retry-After}. */
  public long retryAfterSeconds() {
    return Math.max(1, (resetMillis + 999) / 1000);
  }
}
