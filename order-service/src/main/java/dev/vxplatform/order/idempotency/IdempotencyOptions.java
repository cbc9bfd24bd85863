package dev.vxplatform.order.idempotency;

/**
 * How long {@code Idempotency-Key}s are remembered and how duplicates wait for the first attempt.
 *
 * @param ttlSeconds  {@code IDEMPOTENCY_TTL_SECONDS} (default {@value #DEFAULT_TTL_SECONDS} = 24 h): a key is
 *                    forgotten this long after its last write
 * @param waitMillis  {@code IDEMPOTENCY_WAIT_MS} (default {@value #DEFAULT_WAIT_MILLIS}): how long a duplicate that
 *                    arrives while the first attempt runs waits for its outcome before answering 503
 * @param staleMillis {@code IDEMPOTENCY_STALE_MS} (default {@value #DEFAULT_STALE_MILLIS}): an attempt still
 *                    "in progress" after this long is presumed dead (its node crashed) and may be taken over
 * @param pollMillis  how often a waiting duplicate re-reads the key (default {@value #DEFAULT_POLL_MILLIS})
 */
public record IdempotencyOptions(long ttlSeconds, long waitMillis, long staleMillis, long pollMillis) {

  public static final long DEFAULT_TTL_SECONDS = 24 * 3600;
  public static final long DEFAULT_WAIT_MILLIS = 5000;
  public static final long DEFAULT_STALE_MILLIS = 15_000;
  public static final long DEFAULT_POLL_MILLIS = 25;

  public IdempotencyOptions {
    if (ttlSeconds < 1 || waitMillis < 0 || pollMillis < 1 || staleMillis <= waitMillis) {
      throw new IllegalArgumentException("idempotency TTL must be positive and the stale bound exceed the wait");
    }
  }

  public static IdempotencyOptions defaults() {
    return new IdempotencyOptions(DEFAULT_TTL_SECONDS, DEFAULT_WAIT_MILLIS, DEFAULT_STALE_MILLIS, DEFAULT_POLL_MILLIS);
  }
}
