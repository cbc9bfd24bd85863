package dev.vxplatform.order.reconciler;

/**
 * The reconciler: a singleton guarded by a cluster-wide lease.
 *
 * @param enabled            {@code RECONCILER_ENABLED} (default true): whether this node competes for the lease
 * @param intervalMillis     {@code RECONCILER_INTERVAL_MS} (default {@value #DEFAULT_INTERVAL_MILLIS}): pause between passes
 * @param pendingAfterMillis {@code RECONCILER_PENDING_AFTER_MS} (default {@value #DEFAULT_PENDING_AFTER_MILLIS}): an
 *                           order is only reconciled once it has been PENDING this long, so that the request
 *                           that created it has finished (keep it well above the inventory timeout)
 * @param leaseMillis        {@code RECONCILER_LEASE_MS} (default {@value #DEFAULT_LEASE_MILLIS}, at least 2000): lease
 *                           time to live; a dead holder is replaced at most this long (plus one renewal period)
 *                           later. Keep {@link #trustedMillis()} above the inventory timeout, or passes skip.
 * @param batchSize          {@code RECONCILER_BATCH} (default {@value #DEFAULT_BATCH_SIZE}): orders per pass
 */
public record ReconcilerOptions(boolean enabled, long intervalMillis, long pendingAfterMillis, long leaseMillis,
    int batchSize) {

  public static final long DEFAULT_INTERVAL_MILLIS = 2000;
  public static final long DEFAULT_PENDING_AFTER_MILLIS = 5000;
  public static final long DEFAULT_LEASE_MILLIS = 6000;
  public static final int DEFAULT_BATCH_SIZE = 100;

  public ReconcilerOptions {
    if (intervalMillis < 10 || pendingAfterMillis < 0 || leaseMillis < 2000 || batchSize < 1) {
      throw new IllegalArgumentException("reconciler interval and batch must be positive, the lease >= 2000 ms");
    }
  }

  public static ReconcilerOptions defaults() {
    return new ReconcilerOptions(true, DEFAULT_INTERVAL_MILLIS, DEFAULT_PENDING_AFTER_MILLIS, DEFAULT_LEASE_MILLIS,
        DEFAULT_BATCH_SIZE);
  }

  /** The holder renews five times per lease, so one or two lost renewals do not cost it the lease. */
  public long renewMillis() {
    return leaseMillis / 5;
  }

  /** The holder stops this much before its lease could expire at the partition owner (latency, clock rate). */
  public long safetyMarginMillis() {
    return leaseMillis / 10;
  }

  /**
   * How long after asking for a grant or renewal the holder may count on the lease. Hazelcast keeps an entry's
   * time to live and expiry in whole seconds, both rounded down, so an entry put with a TTL of {@code t} ms may
   * expire after only {@code floor(t / 1000) s - 1 s}; the safety margin comes off that.
   */
  public long trustedMillis() {
    return (leaseMillis / 1000) * 1000 - 1000 - safetyMarginMillis();
  }
}
