package dev.vxplatform.shared.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CP subsystem at its configured size. Hazelcast removes a CP member that has been gone for
 * {@link CpConfig#memberRemovalSeconds()}, but promotes no one in its place: the Raft groups would run on two members,
 * and the next loss would stop them. Every data member that is not a CP member looks every
 * {@value #CHECK_MILLIS} ms; when there are fewer CP members than configured, the oldest such data member promotes
 * itself (one at a time, so the subsystem does not grow past its size when several look at once).
 *
 * <p>Promotion needs the CP subsystem's own majority: with two of three CP members gone at once nothing here can heal
 * it, and the reconciler waits until they are back (or an operator resets the subsystem).
 */
public final class CpMembershipKeeper {

  static final long CHECK_MILLIS = 2_000;
  private static final long CALL_TIMEOUT_MILLIS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(CpMembershipKeeper.class);

  private final HazelcastInstance hazelcast;
  private final int memberCount;
  private boolean busy;

  private CpMembershipKeeper(HazelcastInstance hazelcast, int memberCount) {
    this.hazelcast = hazelcast;
    this.memberCount = memberCount;
  }

  /** Starts looking on this Vert.x's data member; nothing when the CP subsystem is off or this is a lite member. */
  public static void start(Vertx vertx, CpConfig config) {
    HazelcastInstance hazelcast = ClusterMembership.of(vertx).hazelcast();
    if (!config.raft() || hazelcast.getCluster().getLocalMember().isLiteMember()) {
      return;
    }
    CpMembershipKeeper keeper = new CpMembershipKeeper(hazelcast, config.memberCount());
    vertx.setPeriodic(CHECK_MILLIS, id -> keeper.check());
  }

  private void check() {
    CPSubsystemManagementService cp = hazelcast.getCPSubsystem().getCPSubsystemManagementService();
    if (busy || cp.getLocalCPMember() != null || !cp.isDiscoveryCompleted()) {
      return;
    }
    busy = true;
    Future.fromCompletionStage(cp.getCPMembers())
        .compose(members -> members.size() < memberCount && nextInLine(members)
            ? promote(cp, members.size())
            : Future.succeededFuture())
        .timeout(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onComplete(done -> {
          busy = false;
          if (done.failed()) {
            LOG.debug("CP membership check failed: {}", done.cause().toString());
          }
        });
  }

  /**
   * The oldest data member that is not a CP member is this one. By address: a CP member has a UUID of its own, not its
   * member's.
   */
  private boolean nextInLine(Collection<CPMember> cpMembers) {
    Set<Address> cp = cpMembers.stream().map(CPMember::getAddress).collect(Collectors.toSet());
    Member local = hazelcast.getCluster().getLocalMember();
    return hazelcast.getCluster().getMembers().stream()
        .filter(member -> !member.isLiteMember() && !cp.contains(member.getAddress()))
        .findFirst()
        .map(local::equals)
        .orElse(false);
  }

  private Future<Void> promote(CPSubsystemManagementService cp, int found) {
    LOG.info("CP subsystem down to {} of {} members: promoting this member {}", found, memberCount,
        hazelcast.getCluster().getLocalMember().getAddress());
    long started = System.nanoTime();
    return Future.fromCompletionStage(cp.promoteToCPMember())
        .onSuccess(v -> LOG.info("Promoted to CP member in {} ms",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
  }
}
