package dev.vxplatform.shared.cluster;

import dev.vxplatform.shared.config.Env;
import dev.vxplatform.shared.security.TlsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a JVM joins the Hazelcast cluster. Read once from environment variables (see {@link #fromEnv(Map)});
 * every field has a default that forms a working cluster of JVMs on one machine.
 *
 * @param clusterName        {@code CLUSTER_NAME}: members with another name never join this cluster
 * @param host               {@code CLUSTER_HOST}: the address Hazelcast binds and announces
 * @param port               {@code CLUSTER_PORT}: first Hazelcast port tried
 * @param portCount          {@code CLUSTER_PORT_COUNT}: ports tried from {@code port} on (auto-increment); 1 = exactly {@code port}
 * @param members            {@code CLUSTER_MEMBERS}: comma-separated {@code host[:port[-lastPort]]}, the TCP-IP join list
 * @param liteMember         {@code CLUSTER_LITE}: a lite member holds no data partitions (the gateway)
 * @param heartbeatSeconds   {@code CLUSTER_HEARTBEAT_SECONDS}: interval of member heartbeats
 * @param maxNoHeartbeatSeconds {@code CLUSTER_MAX_NO_HEARTBEAT_SECONDS}: silence after which a member is removed
 * @param minClusterSize   {@code CLUSTER_MIN_SIZE} (default 0 = off): data members (lite members do not count) a
 *                         partition owner must have heard from within {@link #heartbeatToleranceMillis()} before it
 *                         accepts a write to a map protected by {@link ClusterBootstrap#MAJORITY}; set it to a
 *                         majority of the data members so that a member cut off from the others (a pause, a
 *                         partition) refuses those writes instead of creating data the split-brain merge later
 *                         copies back. Give every member the same value.
 * @param tls              {@code TLS_CERT_FILE}, {@code TLS_KEY_FILE}, {@code TLS_CA_FILE} (default off): the clustered
 *                         event bus speaks mutual TLS ({@link TlsConfig#eventBus}). Hazelcast's own member protocol
 *                         (maps, discovery records) is not encrypted by it: the open-source edition has no TLS.
 * @param cp               {@code CP_MEMBER_COUNT}, {@code CP_SESSION_TTL_SECONDS}, {@code CP_MEMBER_REMOVAL_SECONDS}
 *                         (default off): the CP subsystem ({@link CpConfig})
 */
public record ClusterConfig(
    String clusterName,
    String host,
    int port,
    int portCount,
    List<String> members,
    boolean liteMember,
    int heartbeatSeconds,
    int maxNoHeartbeatSeconds,
    int minClusterSize,
    TlsConfig tls,
    CpConfig cp) {

  public static final String DEFAULT_CLUSTER_NAME = "vxplatform";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_PORT_COUNT = 20;
  public static final String DEFAULT_MEMBERS = "127.0.0.1:5701-5720";
  public static final int DEFAULT_HEARTBEAT_SECONDS = 1;
  public static final int DEFAULT_MAX_NO_HEARTBEAT_SECONDS = 5;
  public static final int DEFAULT_MIN_CLUSTER_SIZE = 0;

  public ClusterConfig {
    members = List.copyOf(members);
    if (port < 0 || port > 65535 || portCount < 1) {
      throw new IllegalArgumentException("invalid cluster port " + port + " / count " + portCount);
    }
    if (heartbeatSeconds < 1 || maxNoHeartbeatSeconds <= heartbeatSeconds) {
      throw new IllegalArgumentException("max-no-heartbeat must exceed the heartbeat interval");
    }
    if (minClusterSize < 0) {
      throw new IllegalArgumentException("CLUSTER_MIN_SIZE must be 0 (off) or a member count, not " + minClusterSize);
    }
    tls = tls == null ? TlsConfig.OFF : tls;
    cp = cp == null ? CpConfig.OFF : cp;
  }

  /** Without TLS on the event bus, CP subsystem off. */
  public ClusterConfig(String clusterName, String host, int port, int portCount, List<String> members,
      boolean liteMember, int heartbeatSeconds, int maxNoHeartbeatSeconds, int minClusterSize) {
    this(clusterName, host, port, portCount, members, liteMember, heartbeatSeconds, maxNoHeartbeatSeconds,
        minClusterSize, TlsConfig.OFF, CpConfig.OFF);
  }

  public static ClusterConfig fromEnv(Map<String, String> vars) {
    Env env = Env.of(vars);
    return new ClusterConfig(
        env.string("CLUSTER_NAME", DEFAULT_CLUSTER_NAME),
        env.string("CLUSTER_HOST", DEFAULT_HOST),
        env.integer("CLUSTER_PORT", DEFAULT_PORT),
        env.integer("CLUSTER_PORT_COUNT", DEFAULT_PORT_COUNT),
        expandMembers(env.string("CLUSTER_MEMBERS", DEFAULT_MEMBERS)),
        env.flag("CLUSTER_LITE", false),
        env.integer("CLUSTER_HEARTBEAT_SECONDS", DEFAULT_HEARTBEAT_SECONDS),
        env.integer("CLUSTER_MAX_NO_HEARTBEAT_SECONDS", DEFAULT_MAX_NO_HEARTBEAT_SECONDS),
        env.integer("CLUSTER_MIN_SIZE", DEFAULT_MIN_CLUSTER_SIZE),
        TlsConfig.fromEnv(vars),
        CpConfig.fromEnv(vars));
  }

  /** A single-port member of {@code clusterName}, joining the given members: what tests use. */
  public static ClusterConfig loopback(String clusterName, int port, List<String> members) {
    return new ClusterConfig(clusterName, DEFAULT_HOST, port, 1, members, false,
        DEFAULT_HEARTBEAT_SECONDS, DEFAULT_MAX_NO_HEARTBEAT_SECONDS, DEFAULT_MIN_CLUSTER_SIZE);
  }

  public ClusterConfig asLiteMember() {
    return new ClusterConfig(clusterName, host, port, portCount, members, true, heartbeatSeconds, maxNoHeartbeatSeconds,
        minClusterSize, tls, cp);
  }

  public ClusterConfig withMinClusterSize(int size) {
    return new ClusterConfig(clusterName, host, port, portCount, members, liteMember, heartbeatSeconds,
        maxNoHeartbeatSeconds, size, tls, cp);
  }

  public ClusterConfig withTls(TlsConfig tls) {
    return new ClusterConfig(clusterName, host, port, portCount, members, liteMember, heartbeatSeconds,
        maxNoHeartbeatSeconds, minClusterSize, tls, cp);
  }

  public ClusterConfig withCp(CpConfig cp) {
    return new ClusterConfig(clusterName, host, port, portCount, members, liteMember, heartbeatSeconds,
        maxNoHeartbeatSeconds, minClusterSize, tls, cp);
  }

  /**
   * How recent a data member's last heartbeat must be for it to count towards {@link #minClusterSize()}: halfway
   * between the heartbeat interval and the removal timeout (3 s by default). Counting heartbeats, not the member
   * list, bounds how long a member cut off into a minority takes writes: across a real cut the list can change long
   * after the removal timeout (it waits for a new master's claim), and for an isolated member not before the heal.
   */
  public long heartbeatToleranceMillis() {
    return TimeUnit.SECONDS.toMillis(heartbeatSeconds + maxNoHeartbeatSeconds) / 2;
  }

  /** Whether {@link ClusterBootstrap#MAJORITY} is enforced (Hazelcast needs at least 2 to enforce anything). */
  public boolean splitBrainProtected() {
    return minClusterSize >= 2;
  }

  /**
   * Expands {@code 127.0.0.1:5701-5703} into three members. Hazelcast only probes three ports of a member
   * given without a port, so a range is spelled out here rather than left to it.
   */
  static List<String> expandMembers(String spec) {
    List<String> out = new ArrayList<>();
    for (String raw : spec.split(",")) {
      String member = raw.trim();
      if (member.isEmpty()) {
        continue;
      }
      int colon = member.lastIndexOf(':');
      int dash = member.indexOf('-', colon + 1);
      if (colon < 0 || dash < 0) {
        out.add(member);
        continue;
      }
      String host = member.substring(0, colon);
      int first = Integer.parseInt(member.substring(colon + 1, dash));
      int last = Integer.parseInt(member.substring(dash + 1));
      for (int p = first; p <= last; p++) {
        out.add(host + ":" + p);
      }
    }
    return out;
  }
}
