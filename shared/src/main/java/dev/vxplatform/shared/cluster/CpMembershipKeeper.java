package dev.vxplatform.shared.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the CP subsystem at its configured size and brings it back after it lost its majority.
 *
 * <p>One CP member gone: Hazelcast removes it after {@link CpConfig#memberRemovalSeconds()}, but promotes no one in
 * its place, so the Raft groups would run on two members and the next loss would stop them. Every data member that is
 * not a CP member looks every {@value #CHECK_MILLIS} ms; when there are fewer CP members than configured, the oldest
 * such data member promotes itself (one at a time, so the subsystem does not grow past its size).
 *
 * <p>A majority of the CP members gone at once (every data JVM killed): the CP groups have no majority left and never
 * will (their state lives in memory only), so nothing answers, removals and promotions included. Hazelcast leaves this
 * to an operator's reset; the master does it here, because only the master can, and because the members it checks
 * against are the ones it last saw answering. It resets when the CP subsystem has not answered for
 * {@link CpConfig#memberRemovalSeconds()}, a majority of the CP members it last saw have left the cluster (a member
 * that comes back, restarted or merged after a split, does so under a new UUID: it is no CP member any more), its side
 * has a majority of the data members, and there are enough data members to form the subsystem again. A reset starts
 * the CP data (locks and their fencing tokens) afresh; users of a fencing token must tell the two apart (the
 * reconciler's fence names the lock state's incarnation). On a side cut off from a surviving CP majority this also
 * resets after that time: the old group's holder is on the minority side, which writes nothing, and the database's
 * fence refuses whichever holder claimed first.
 */
public final class CpMembershipKeeper {

  static final long CHECK_MILLIS = 2_000;
  private static final long CALL_TIMEOUT_MILLIS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(CpMembershipKeeper.class);

  private final Context context;
  private final HazelcastInstance hazelcast;
  private final CpConfig config;
  private final ClusterMajority majority;
  /**
   * The CP members last seen answering, by address, with the UUID of the cluster member at that address then (null:
   * none was, it had left already).
   */
  private Map<Address, UUID> lastCpMembers = Map.of();
  private long lastAnswerNanos = System.nanoTime();
  private boolean asking;
  private boolean changing;

  private CpMembershipKeeper(Context context, HazelcastInstance hazelcast, CpConfig config) {
    this.context = context;
    this.hazelcast = hazelcast;
    this.config = config;
    this.majority = ClusterMajority.of(hazelcast, "resetting the CP subsystem");
  }

  /** Starts looking on this Vert.x's member (lite members too: one may be the master); nothing when CP is off. */
  public static void start(Vertx vertx, CpConfig config) {
    if (!config.raft()) {
      return;
    }
    CpMembershipKeeper keeper = new CpMembershipKeeper(vertx.getOrCreateContext(),
        ClusterMembership.of(vertx).hazelcast(), config);
    vertx.setPeriodic(CHECK_MILLIS, id -> keeper.check());
  }

  private void check() {
    CPSubsystemManagementService cp = hazelcast.getCPSubsystem().getCPSubsystemManagementService();
    if (!cp.isDiscoveryCompleted() || !isMaster() && cp.getLocalCPMember() != null) {
      return;
    }
    if (isMaster() && lostMajority()) {
      reset(cp);
    }
    if (asking) {
      return; // the last question is still out: the CP subsystem is slow or has no leader
    }
    asking = true;
    Future.fromCompletionStage(cp.getCPMembers(), context).onComplete(answer -> {
      asking = false;
      if (answer.succeeded()) {
        remember(answer.result());
        if (answer.result().size() < config.memberCount() && nextInLine(cp, answer.result())) {
          promote(cp, answer.result().size());
        }
      } else {
        LOG.debug("CP membership check failed: {}", answer.cause().toString());
      }
    });
  }

  private boolean isMaster() {
    return hazelcast.getCluster().getMembers().iterator().next().localMember();
  }

  private void remember(Collection<CPMember> cpMembers) {
    Map<Address, UUID> byAddress = hazelcast.getCluster().getMembers().stream()
        .collect(Collectors.toMap(Member::getAddress, Member::getUuid, (a, b) -> a));
    Map<Address, UUID> seen = new HashMap<>();
    cpMembers.forEach(member -> seen.put(member.getAddress(), byAddress.get(member.getAddress())));
    lastCpMembers = seen;
    lastAnswerNanos = System.nanoTime();
  }

  /** True when resetting is what is left: see the class comment for each condition. */
  private boolean lostMajority() {
    if (changing || lastCpMembers.isEmpty()
        || System.nanoTime() - lastAnswerNanos < TimeUnit.SECONDS.toNanos(config.memberRemovalSeconds())) {
      return false;
    }
    Set<UUID> present = hazelcast.getCluster().getMembers().stream().map(Member::getUuid).collect(Collectors.toSet());
    long gone = lastCpMembers.values().stream().filter(uuid -> uuid == null || !present.contains(uuid)).count();
    long dataMembers = hazelcast.getCluster().getMembers().stream().filter(member -> !member.isLiteMember()).count();
    return gone > lastCpMembers.size() / 2 && dataMembers >= config.memberCount() && majority.seen();
  }

  private void reset(CPSubsystemManagementService cp) {
    LOG.warn("CP subsystem unanswering for {} s, a majority of its members {} gone from the cluster: resetting it",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastAnswerNanos), lastCpMembers.keySet());
    long started = System.nanoTime();
    change(cp.reset(), started, "CP subsystem reset in {} ms: its data starts afresh on the present data members")
        .onSuccess(v -> {
          lastCpMembers = Map.of();
          lastAnswerNanos = System.nanoTime();
        });
  }

  /**
   * The oldest data member that is not a CP member is this one. By address: a CP member has a UUID of its own, not its
   * member's.
   */
  private boolean nextInLine(CPSubsystemManagementService cp, Collection<CPMember> cpMembers) {
    if (cp.getLocalCPMember() != null || hazelcast.getCluster().getLocalMember().isLiteMember()) {
      return false;
    }
    Set<Address> addresses = cpMembers.stream().map(CPMember::getAddress).collect(Collectors.toSet());
    Member local = hazelcast.getCluster().getLocalMember();
    return hazelcast.getCluster().getMembers().stream()
        .filter(member -> !member.isLiteMember() && !addresses.contains(member.getAddress()))
        .findFirst()
        .map(local::equals)
        .orElse(false);
  }

  private void promote(CPSubsystemManagementService cp, int found) {
    LOG.info("CP subsystem down to {} of {} members: promoting this member {}", found, config.memberCount(),
        hazelcast.getCluster().getLocalMember().getAddress());
    change(cp.promoteToCPMember(), System.nanoTime(), "Promoted to CP member in {} ms");
  }

  /** One membership change at a time, logged with its duration; a failure is tried again at a later check. */
  private Future<Void> change(CompletionStage<Void> call, long startedNanos, String done) {
    if (changing) {
      return Future.failedFuture("another CP membership change is under way");
    }
    changing = true;
    return Future.fromCompletionStage(call, context)
        .timeout(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onComplete(result -> {
          changing = false;
          if (result.succeeded()) {
            LOG.info(done, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
          } else {
            LOG.warn("CP membership change failed: {}", result.cause().toString());
          }
        });
  }
}
