package dev.vxplatform.shared.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.SplitBrainProtectionListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionEvent;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the times this member's copy of the data stopped being the one that survives: each loss of the
 * {@link ClusterBootstrap#MAJORITY} protection (the other side may promote its backups and write on) and each
 * split-brain merge of this member into another cluster (its copies are merged into the other side's and may lose).
 * A write that saw the count unchanged from its start to its end ran on the surviving copy throughout
 * ({@link ClusterMajority#heldSince}).
 *
 * <p>Events, not a poll: Hazelcast re-evaluates the protection on every heartbeat and tells its listeners of each
 * change, so a loss that is over before a write ends (a cut healed, the sides merged) is still counted. The
 * protection's own listener was not always told, though (seen in CI: a member crashed, the survivor's protection was
 * absent, and no event came within 15 s), so a member leaving that leaves fewer data members than the majority counts
 * as a loss too, judged from the member list the event carries.
 */
final class MajorityLosses implements SplitBrainProtectionListener, LifecycleListener {

  private static final String KEY = MajorityLosses.class.getName();

  private final AtomicLong count = new AtomicLong();
  private final int minimumSize;

  private MajorityLosses(int minimumSize) {
    this.minimumSize = minimumSize;
  }

  /** Listens on the protection and the member's lifecycle of {@code hazelcast}, which must not be started yet. */
  static void install(Config hazelcast, SplitBrainProtectionConfig majority) {
    MajorityLosses losses = new MajorityLosses(majority.getMinimumClusterSize());
    majority.addListenerConfig(new SplitBrainProtectionListenerConfig(losses));
    hazelcast.addListenerConfig(new ListenerConfig(losses));
    hazelcast.addListenerConfig(new ListenerConfig(losses.departures()));
    hazelcast.getUserContext().put(KEY, losses);
  }

  /** The counter of a member started from a configuration {@link #install} saw. */
  static MajorityLosses of(HazelcastInstance hazelcast) {
    Object losses = hazelcast.getUserContext().get(KEY);
    if (losses == null) {
      throw new IllegalStateException("the member was not configured by ClusterBootstrap: no majority-loss count");
    }
    return (MajorityLosses) losses;
  }

  long count() {
    return count.get();
  }

  @Override
  public void onChange(SplitBrainProtectionEvent event) {
    if (!event.isPresent()) {
      count.incrementAndGet();
    }
  }

  /** Counts a departure that leaves fewer data members than the majority. */
  private MembershipListener departures() {
    return new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        if (event.getMembers().stream().filter(member -> !member.isLiteMember()).count() < minimumSize) {
          count.incrementAndGet();
        }
      }
    };
  }

  @Override
  public void stateChanged(LifecycleEvent event) {
    if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
      count.incrementAndGet();
    }
  }
}
