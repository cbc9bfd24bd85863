package dev.vxplatform.shared.cluster;

import com.hazelcast.config.Config;
import dev.vxplatform.shared.config.Env;
import java.util.Map;

/**
 * Hazelcast's CP subsystem: Raft groups on {@code memberCount} data members, for what must be linearizable across a
 * partition (the reconciler's leadership, a {@code FencedLock}). Give every member, lite ones included, the same
 * values.
 *
 * <p>With {@code memberCount} 0 (off), CP data structures still work, in Hazelcast's "unsafe mode": on a map
 * partition with backups instead of a Raft group, so an acknowledged lock grant can be lost with its partition owner
 * and each side of a split grants its own. That is what a single node or a test cluster of one or two members runs
 * (Raft needs three members to form a group); the platform's topologies ({@code infra/local-cluster.sh}, compose) set
 * 3.
 *
 * @param memberCount                 {@code CP_MEMBER_COUNT} (default 0 = off; else at least 3): the first this many
 *                                    data members to join form the CP subsystem. Until that many have joined, CP
 *                                    calls wait
 * @param sessionTtlSeconds           {@code CP_SESSION_TTL_SECONDS} (default {@value #DEFAULT_SESSION_TTL_SECONDS}):
 *                                    a member silent for this long loses its session, and with it every lock it held:
 *                                    how long a dead reconciler holder keeps the others waiting
 * @param memberRemovalSeconds        {@code CP_MEMBER_REMOVAL_SECONDS} (default
 *                                    {@value #DEFAULT_MEMBER_REMOVAL_SECONDS}): a CP member gone this long is removed
 *                                    from the CP subsystem, and another data member is promoted in its place
 *                                    ({@link CpMembershipKeeper})
 */
public record CpConfig(int memberCount, int sessionTtlSeconds, int memberRemovalSeconds) {

  public static final int DEFAULT_SESSION_TTL_SECONDS = 5;
  public static final int DEFAULT_MEMBER_REMOVAL_SECONDS = 15;
  /** Session heartbeats: every second, the shortest Hazelcast allows, so a TTL of a few seconds is safe. */
  public static final int SESSION_HEARTBEAT_SECONDS = 1;
  /** Unsafe mode, with the default session times: what an unset environment gives. */
  public static final CpConfig OFF = new CpConfig(0, DEFAULT_SESSION_TTL_SECONDS, DEFAULT_MEMBER_REMOVAL_SECONDS);

  public CpConfig {
    if (memberCount != 0 && memberCount < 3) {
      throw new IllegalArgumentException("CP_MEMBER_COUNT must be 0 (off) or at least 3, not " + memberCount);
    }
    if (sessionTtlSeconds <= SESSION_HEARTBEAT_SECONDS || memberRemovalSeconds < sessionTtlSeconds) {
      throw new IllegalArgumentException("CP_SESSION_TTL_SECONDS must exceed " + SESSION_HEARTBEAT_SECONDS
          + " and CP_MEMBER_REMOVAL_SECONDS must be at least the session TTL");
    }
  }

  public static CpConfig fromEnv(Map<String, String> vars) {
    Env env = Env.of(vars);
    return new CpConfig(env.integer("CP_MEMBER_COUNT", 0),
        env.integer("CP_SESSION_TTL_SECONDS", DEFAULT_SESSION_TTL_SECONDS),
        env.integer("CP_MEMBER_REMOVAL_SECONDS", DEFAULT_MEMBER_REMOVAL_SECONDS));
  }

  public boolean raft() {
    return memberCount > 0;
  }

  /** Sets this on a member's configuration (also a customizer for {@code ClusterBootstrap.start}). */
  public void applyTo(Config hazelcast) {
    hazelcast.getCPSubsystemConfig()
        .setCPMemberCount(memberCount)
        .setSessionTimeToLiveSeconds(sessionTtlSeconds)
        .setSessionHeartbeatIntervalSeconds(SESSION_HEARTBEAT_SECONDS)
        .setMissingCPMemberAutoRemovalSeconds(memberRemovalSeconds);
  }

  @Override
  public String toString() {
    return raft() ? "Raft on " + memberCount + " members, sessions " + sessionTtlSeconds + " s"
        : "unsafe mode (CP_MEMBER_COUNT off), sessions " + sessionTtlSeconds + " s";
  }
}
