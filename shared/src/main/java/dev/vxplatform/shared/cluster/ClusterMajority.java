package dev.vxplatform.shared.cluster;

import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this member sees {@code CLUSTER_MIN_SIZE} data members: the split-brain protection
 * {@link ClusterBootstrap#MAJORITY}, asked locally. Hazelcast enforces it on each partition owner anyway, for the maps
 * that name it; a service asks here first so that a request it would refuse halfway (after a first write) is refused
 * before anything, and so that it can say why. Always present where the protection is off.
 */
public final class ClusterMajority {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMajority.class);
  private static final int MAX_CAUSES = 10;

  private final HazelcastInstance hazelcast;
  private final SplitBrainProtection protection;
  private final int minimumSize;
  private final String what;
  private final MajorityLosses losses;
  private final AtomicBoolean missing = new AtomicBoolean();

  private ClusterMajority(HazelcastInstance hazelcast, SplitBrainProtection protection, int minimumSize,
      String what) {
    this.hazelcast = hazelcast;
    this.protection = protection;
    this.minimumSize = minimumSize;
    this.what = what;
    this.losses = MajorityLosses.of(hazelcast);
  }

  /** @param what what this member refuses without a majority, for the log ("order writes") */
  public static ClusterMajority of(HazelcastInstance hazelcast, String what) {
    SplitBrainProtectionConfig config = hazelcast.getConfig().getSplitBrainProtectionConfigs()
        .get(ClusterBootstrap.MAJORITY);
    boolean enabled = config != null && config.isEnabled();
    return new ClusterMajority(hazelcast, enabled
        ? hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(ClusterBootstrap.MAJORITY) : null,
        enabled ? config.getMinimumClusterSize() : 0, what);
  }

  /**
   * True when the protection is off or this member has recently heard from enough data members; logs each change
   * once. Both the protection's verdict (heartbeats: notices a cut within its tolerance) and the member list count:
   * the protection learns of a departure from a listener of its own, which may run after a caller's, so a caller
   * reacting to a departure would still find it present.
   */
  public boolean present() {
    boolean present = seen();
    if (!present && missing.compareAndSet(false, true)) {
      LOG.warn("This member sees fewer data members than CLUSTER_MIN_SIZE: refusing {}", what);
    } else if (present && missing.get() && missing.compareAndSet(true, false)) {
      LOG.info("This member sees enough data members again: taking {}", what);
    }
    return present;
  }

  /**
   * A mark to take before a write's first step, for {@link #heldSince}; take it before asking {@link #present()}, so
   * that a loss between the two is counted against the write.
   */
  public long mark() {
    return losses.count();
  }

  /**
   * Whether this member sees a majority now and never lost it since {@code mark}: then a write done in between ran
   * on the copy of the data that survives a split. A write that spans a loss may have run on a minority's copy that
   * a merge since replaced, even if the majority is back by its end (seen in the partition check: a reservation's
   * rollback retried through a cut and its merge, answered after it).
   */
  public boolean heldSince(long mark) {
    return present() && losses.count() == mark;
  }

  /** {@link #present()} without its log line: for a view of the cluster that only shows it. */
  public boolean seen() {
    return protection == null || protection.hasMinimumSize() && dataMembers() >= minimumSize;
  }

  /** Whether the protection is on at all ({@code CLUSTER_MIN_SIZE} of 2 or more). */
  public boolean enforced() {
    return protection != null;
  }

  private long dataMembers() {
    return hazelcast.getCluster().getMembers().stream().filter(member -> !member.isLiteMember()).count();
  }

  /** Whether Hazelcast refused {@code failure}'s operation for split-brain protection (anywhere in its causes). */
  public static boolean refused(Throwable failure) {
    Throwable cause = failure;
    for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
      if (cause instanceof SplitBrainProtectionException) {
        return true;
      }
    }
    return false;
  }
}
