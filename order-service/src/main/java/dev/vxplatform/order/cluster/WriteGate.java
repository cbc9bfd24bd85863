package dev.vxplatform.order.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.cluster.ClusterBootstrap;
import dev.vxplatform.shared.cluster.ClusterMajority;

/**
 * Whether this node may write orders, idempotency keys and the reconciler's tables right now: not after a stall
 * ({@link PauseFence}), and not while this member sees fewer data members than {@code CLUSTER_MIN_SIZE}. Hazelcast
 * enforces the latter on each partition owner anyway (the maps name {@link ClusterBootstrap#MAJORITY}); asking here
 * first answers before a cancel or complete has called inventory, so a refused request changes nothing anywhere.
 */
public final class WriteGate {

  private final PauseFence fence;
  private final ClusterMajority majority;

  private WriteGate(PauseFence fence, ClusterMajority majority) {
    this.fence = fence;
    this.majority = majority;
  }

  /** @param hazelcast this node's member; its split-brain protection is only consulted when enabled */
  public static WriteGate of(PauseFence fence, HazelcastInstance hazelcast) {
    return new WriteGate(fence, ClusterMajority.of(hazelcast, "order writes"));
  }

  /** {@code null} when this node may write; otherwise the 503 to answer. */
  public ClusterUnavailableException refusal() {
    if (fence.suspect()) {
      return ClusterUnavailableException.stalled(fence.reason());
    }
    if (!majority.present()) {
      return ClusterUnavailableException.minority();
    }
    return null;
  }

  public boolean isOpen() {
    return refusal() == null;
  }
}
