package dev.vxplatform.order.cluster;

import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import dev.vxplatform.shared.cluster.ClusterBootstrap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node may write orders, idempotency keys and the reconciler lease right now: not after a stall
 * ({@link PauseFence}), and not while this member sees fewer data members than {@code CLUSTER_MIN_SIZE}. Hazelcast
 * enforces the latter on each partition owner anyway (the maps name {@link ClusterBootstrap#MAJORITY}); asking here
 * first answers before a cancel or complete has called inventory, so a refused request changes nothing anywhere.
 */
public final class WriteGate {

  private static final Logger LOG = LoggerFactory.getLogger(WriteGate.class);

  private final PauseFence fence;
  private final SplitBrainProtection majority;
  private final AtomicBoolean minority = new AtomicBoolean();

  private WriteGate(PauseFence fence, SplitBrainProtection majority) {
    this.fence = fence;
    this.majority = majority;
  }

  /** @param hazelcast this node's member; its split-brain protection is only consulted when enabled */
  public static WriteGate of(PauseFence fence, HazelcastInstance hazelcast) {
    SplitBrainProtectionConfig config = hazelcast.getConfig().getSplitBrainProtectionConfigs()
        .get(ClusterBootstrap.MAJORITY);
    boolean enabled = config != null && config.isEnabled();
    return new WriteGate(fence, enabled
        ? hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(ClusterBootstrap.MAJORITY) : null);
  }

  /** {@code null} when this node may write; otherwise the 503 to answer. */
  public ClusterUnavailableException refusal() {
    if (fence.suspect()) {
      return ClusterUnavailableException.stalled(fence.reason());
    }
    if (majority != null && !majority.hasMinimumSize()) {
      if (minority.compareAndSet(false, true)) {
        LOG.warn("This member sees fewer data members than CLUSTER_MIN_SIZE: refusing order writes");
      }
      return ClusterUnavailableException.minority();
    }
    if (majority != null && minority.get() && minority.compareAndSet(true, false)) {
      LOG.info("This member sees enough data members again: taking order writes");
    }
    return null;
  }

  public boolean isOpen() {
    return refusal() == null;
  }
}
