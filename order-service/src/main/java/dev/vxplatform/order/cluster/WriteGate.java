package dev.vxplatform.order.cluster;

import dev.vxplatform.shared.cluster.ClusterBootstrap;
import dev.vxplatform.shared.cluster.ClusterMajority;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.FreezeWatch;
import io.vertx.core.Vertx;

/**
 * Whether this node may write orders, idempotency keys and the reconciler's tables right now: not while the JVM's
 * {@link FreezeWatch} counts it suspect (frozen long enough to be expelled, and not joined again since), and not while
 * this member sees fewer data members than {@code CLUSTER_MIN_SIZE}. Hazelcast enforces the latter on each partition
 * owner anyway (the maps name {@link ClusterBootstrap#MAJORITY}); asking here first answers before a cancel or complete
 * has called inventory, so a refused request changes nothing anywhere.
 */
public final class WriteGate {

  private final FreezeWatch freeze;
  private final ClusterMajority majority;

  private WriteGate(FreezeWatch freeze, ClusterMajority majority) {
    this.freeze = freeze;
    this.majority = majority;
  }

  /** The gate of this Vert.x's order-service: its JVM's freeze watch, its member's majority. */
  public static WriteGate of(Vertx vertx) {
    return new WriteGate(FreezeWatch.of(vertx),
        ClusterMajority.of(ClusterMembership.of(vertx).hazelcast(), "order writes"));
  }

  /** {@code null} when this node may write; otherwise the 503 to answer. */
  public ClusterUnavailableException refusal() {
    if (freeze.suspect()) {
      return ClusterUnavailableException.stalled(freeze.reason());
    }
    if (!majority.present()) {
      return ClusterUnavailableException.minority();
    }
    return null;
  }

  public boolean isOpen() {
    return refusal() == null;
  }

  /** A mark to take as a write request starts, before {@link #refusal()}, for {@link #refusalSince}. */
  public long mark() {
    return majority.mark();
  }

  /**
   * {@code null} when this node may still write and kept its majority since {@code mark}: what it wrote meanwhile is
   * on the copy that survives a split. Otherwise the 503 to answer instead of acknowledging it, even if the majority
   * is back by now: a merge may have replaced what was written.
   */
  public ClusterUnavailableException refusalSince(long mark) {
    return refusal() == null && majority.heldSince(mark) ? null : ClusterUnavailableException.lostDuringTheWrite();
  }
}
