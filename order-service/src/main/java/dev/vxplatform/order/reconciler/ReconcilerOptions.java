package dev.vxplatform.order.reconciler;

/**
 * The reconciler: a singleton, run by whichever order-service node holds its lock ({@code Leadership}). How soon a
 * dead holder is replaced is the CP session's time to live ({@code CP_SESSION_TTL_SECONDS}, a cluster setting).
 *
 * @param enabled            {@code RECONCILER_ENABLED} (default true): whether this node competes for the lock
 * @param intervalMillis     {@code RECONCILER_INTERVAL_MS} (default {@value #DEFAULT_INTERVAL_MILLIS}): pause between passes
 * @param pendingAfterMillis {@code RECONCILER_PENDING_AFTER_MS} (default {@value #DEFAULT_PENDING_AFTER_MILLIS}): an
 *                           order is only reconciled once it has been PENDING this long, so that the request
 *                           that created it has finished (keep it well above the inventory timeout)
 * @param batchSize          {@code RECONCILER_BATCH} (default {@value #DEFAULT_BATCH_SIZE}): orders per pass
 */
public record ReconcilerOptions(boolean enabled, long intervalMillis, long pendingAfterMillis, int batchSize) {

  public static final long DEFAULT_INTERVAL_MILLIS = 2000;
  public static final long DEFAULT_PENDING_AFTER_MILLIS = 5000;
  public static final int DEFAULT_BATCH_SIZE = 100;

  public ReconcilerOptions {
    if (intervalMillis < 10 || pendingAfterMillis < 0 || batchSize < 1) {
      throw new IllegalArgumentException("reconciler interval and batch must be positive");
    }
  }

  public static ReconcilerOptions defaults() {
    return new ReconcilerOptions(true, DEFAULT_INTERVAL_MILLIS, DEFAULT_PENDING_AFTER_MILLIS, DEFAULT_BATCH_SIZE);
  }
}
