package dev.vxplatform.order.idempotency;

/**
 * How duplicates of an {@code Idempotency-Key} wait for the attempt that runs. A key is remembered as long as its
 * order: the order is the key's record ({@code IdempotentOrders}).
 *
 * @param waitMillis  {@code IDEMPOTENCY_WAIT_MS} (default {@value #DEFAULT_WAIT_MILLIS}): how long a duplicate that
 *                    arrives while the first attempt runs waits for its outcome before answering 503
 * @param staleMillis {@code IDEMPOTENCY_STALE_MS} (default {@value #DEFAULT_STALE_MILLIS}): an attempt still
 *                    "in progress" after this long is presumed dead (its node crashed) and may be taken over
 * @param pollMillis  how often a waiting duplicate re-reads the order (default {@value #DEFAULT_POLL_MILLIS})
 */
public record IdempotencyOptions(long waitMillis, long staleMillis, long pollMillis) {

  public static final long DEFAULT_WAIT_MILLIS = 5000;
  public static final long DEFAULT_STALE_MILLIS = 15_000;
  public static final long DEFAULT_POLL_MILLIS = 25;

  public IdempotencyOptions {
    if (waitMillis < 0 || pollMillis < 1 || staleMillis <= waitMillis) {
      throw new IllegalArgumentException("the idempotency wait must not be negative and the stale bound exceed it");
    }
  }

  public static IdempotencyOptions defaults() {
    return new IdempotencyOptions(DEFAULT_WAIT_MILLIS, DEFAULT_STALE_MILLIS, DEFAULT_POLL_MILLIS);
  }
}
