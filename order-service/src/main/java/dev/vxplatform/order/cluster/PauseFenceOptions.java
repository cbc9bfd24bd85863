package dev.vxplatform.order.cluster;

import java.util.concurrent.TimeUnit;

/**
 * When {@link PauseFence} counts this node as stalled, and for how long it then refuses writes.
 *
 * @param thresholdMillis  {@code PAUSE_FENCE_THRESHOLD_MS} (default: one second less than the shortest freeze that
 *                         can get this node expelled, {@code CLUSTER_MAX_NO_HEARTBEAT_SECONDS -
 *                         CLUSTER_HEARTBEAT_SECONDS}, so 3000 ms; at least {@value #MIN_DEFAULT_THRESHOLD_MILLIS}; 0
 *                         turns the fence off): an event-loop timer this late means the JVM or the loop was stalled
 *                         (GC, SIGSTOP, a starved host); at least {@value #MIN_THRESHOLD_MILLIS} when on
 * @param quarantineMillis {@code PAUSE_FENCE_QUARANTINE_MS} (default 2 × {@code CLUSTER_MAX_NO_HEARTBEAT_SECONDS}):
 *                         writes stay refused this long after a stall, while Hazelcast finds out whether the others
 *                         expelled this node; 0 = only until the first timer after the stall
 */
public record PauseFenceOptions(long thresholdMillis, long quarantineMillis) {

  static final long MIN_DEFAULT_THRESHOLD_MILLIS = 1000;
  static final long MIN_THRESHOLD_MILLIS = 50;
  /** The timer ticks five times per threshold, at most every 200 ms. */
  static final long MAX_TICK_MILLIS = 200;

  public PauseFenceOptions {
    if (thresholdMillis != 0 && thresholdMillis < MIN_THRESHOLD_MILLIS || quarantineMillis < 0) {
      throw new IllegalArgumentException("PAUSE_FENCE_THRESHOLD_MS must be 0 (off) or at least "
          + MIN_THRESHOLD_MILLIS + ", PAUSE_FENCE_QUARANTINE_MS at least 0");
    }
  }

  /**
   * The defaults for a cluster that removes a member silent for {@code maxNoHeartbeatSeconds}, heartbeats sent every
   * {@code heartbeatSeconds}. A shorter stall cannot get this node expelled, so fencing it would only refuse writes
   * (a loaded host stalls an event loop for a second now and then); a longer freeze also makes the node rejoin
   * empty (shared {@code ServiceLauncher}), and the fence refuses what it reads before that.
   */
  public static PauseFenceOptions defaults(int heartbeatSeconds, int maxNoHeartbeatSeconds) {
    long threshold = Math.max(MIN_DEFAULT_THRESHOLD_MILLIS,
        TimeUnit.SECONDS.toMillis(maxNoHeartbeatSeconds - heartbeatSeconds - 1L));
    return new PauseFenceOptions(threshold, TimeUnit.SECONDS.toMillis(2L * maxNoHeartbeatSeconds));
  }

  public static PauseFenceOptions off() {
    return new PauseFenceOptions(0, 0);
  }

  public boolean enabled() {
    return thresholdMillis > 0;
  }

  long tickMillis() {
    return Math.min(MAX_TICK_MILLIS, thresholdMillis / 5);
  }
}
