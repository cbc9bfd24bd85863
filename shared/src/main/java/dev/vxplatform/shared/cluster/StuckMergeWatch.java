package dev.vxplatform.shared.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.ClusterState;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Notices this member left alone in a cluster that a split-brain merge froze and never took along, and reports it
 * once, with how long it has been so.
 *
 * <p>Why: to merge a minority into the larger cluster, the minority's master freezes its cluster, tells every member
 * to leave and join the other side, then does so itself. Seen in the partition check: the master (the gateway, a
 * lite member) sent the others over, stayed behind, and its own move never came. A member alone in a FROZEN
 * cluster refuses the other side's join checks and never looks for it again (Hazelcast only merges from an active
 * cluster), so it stays cut off after the network has healed, its event-bus registrations retrying for ever.
 * {@link ServiceLauncher} answers by leaving and joining again, as after a freeze.
 *
 * <p>How: a look once a second on the node's event loop (the state and the member list are local reads). The bound
 * is far above a merge's own steps: the master moves as soon as its members have answered, so it is alone and
 * frozen for well under a second when all goes well. This platform never freezes a cluster on purpose.
 */
final class StuckMergeWatch {

  static final long CHECK_MILLIS = 1_000;
  static final long DEFAULT_THRESHOLD_MILLIS = 15_000;

  private final long thresholdMillis;
  private long aloneAndFrozenSince = -1;

  StuckMergeWatch(long thresholdMillis) {
    this.thresholdMillis = thresholdMillis;
  }

  /** @param onStuck gets how long the member has been alone in a frozen cluster, in ms; called at most once */
  static void watch(Vertx vertx, long thresholdMillis, LongConsumer onStuck) {
    StuckMergeWatch watch = new StuckMergeWatch(thresholdMillis);
    Cluster cluster = ClusterMembership.of(vertx).hazelcast().getCluster();
    vertx.setPeriodic(CHECK_MILLIS, timer -> {
      long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
      long stuckFor = watch.stuckFor(cluster.getClusterState(), cluster.getMembers().size(), now);
      if (stuckFor >= 0) {
        vertx.cancelTimer(timer);
        onStuck.accept(stuckFor);
      }
    });
  }

  /** One look: how long the member has been alone in a frozen cluster once that reaches the bound, else -1. */
  long stuckFor(ClusterState state, int members, long nowMillis) {
    if (state != ClusterState.FROZEN || members > 1) {
      aloneAndFrozenSince = -1;
      return -1;
    }
    if (aloneAndFrozenSince < 0) {
      aloneAndFrozenSince = nowMillis;
    }
    long stuckFor = nowMillis - aloneAndFrozenSince;
    return stuckFor >= thresholdMillis ? stuckFor : -1;
  }
}
