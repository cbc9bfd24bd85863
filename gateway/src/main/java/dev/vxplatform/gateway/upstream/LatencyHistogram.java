package dev.vxplatform.gateway.upstream;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Attempt latencies counted in fixed buckets, from 0.25 ms to 10 s: one array increment per attempt, no lock, so
 * every event loop records into the same histogram. Readers take {@link #counts()} now and then and subtract an
 * earlier copy to get the latencies of a time window ({@link #percentileMillis}).
 */
public final class LatencyHistogram {

  /** Upper bounds of the buckets in milliseconds; one more bucket counts everything slower. */
  static final double[] BOUNDS_MILLIS = {0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500,
      750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000};

  private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_MILLIS.length + 1);

  public void record(long nanos) {
    counts.incrementAndGet(bucket(nanos / 1_000_000.0));
  }

  /** A copy of the cumulative counts. */
  public long[] counts() {
    long[] copy = new long[counts.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = counts.get(i);
    }
    return copy;
  }

  static int bucket(double millis) {
    int low = 0;
    int high = BOUNDS_MILLIS.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (millis <= BOUNDS_MILLIS[mid]) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /**
   * The latency below which {@code quantile} of the counted attempts fell, interpolated within its bucket; -1 when
   * nothing was counted. The last bucket reports its lower bound.
   *
   * @param counts per-bucket counts of one window (a difference of two {@link #counts()} copies)
   */
  public static double percentileMillis(long[] counts, double quantile) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    if (total == 0) {
      return -1;
    }
    double rank = Math.max(1, Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && seen + counts[i] >= rank) {
        if (i == BOUNDS_MILLIS.length) {
          return BOUNDS_MILLIS[i - 1];
        }
        double lower = i == 0 ? 0 : BOUNDS_MILLIS[i - 1];
        return lower + (BOUNDS_MILLIS[i] - lower) * (rank - seen) / counts[i];
      }
      seen += counts[i];
    }
    return BOUNDS_MILLIS[BOUNDS_MILLIS.length - 1];
  }
}
