package dev.vxplatform.loadtests.failover;

import java.util.List;

/**
 * When the platform was disturbed — from each fault until its cluster was safe again, plus a margin — and so which
 * placements someone (the client or the gateway) may have sent more than once: the ones whose customers the
 * checker lists to look for a second order.
 */
final class Disturbance {

  /** Slower than this, a placement may hide a retry by the gateway (connect failure, or 502/503 and a retry). */
  static final long SLOW_MS = 1_000;
  /** After the cluster is safe again, requests settle within this. */
  static final long MARGIN_MS = 5_000;

  private final List<long[]> intervals;

  Disturbance(List<FaultWindow> faults) {
    this.intervals = faults.stream().map(f -> new long[] {f.injectedMs(),
        f.safeMs() >= 0 ? f.injectedMs() + f.safeMs() + MARGIN_MS : Long.MAX_VALUE}).toList();
  }

  /** Not a clean single fast answer, or overlapping a disturbance. */
  boolean eventful(Op place) {
    return !place.ok() || place.attempts().size() > 1 || place.failedAttempts() > 0
        || place.endMs() - place.startMs() >= SLOW_MS
        || intervals.stream().anyMatch(i -> place.startMs() < i[1] && place.endMs() >= i[0]);
  }
}
