package dev.vxplatform.shared.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.vxplatform.shared.tracing.Spans;
import dev.vxplatform.shared.tracing.Tracing;
import dev.vxplatform.shared.web.Metrics;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a clustered Vert.x on Hazelcast (TCP-IP join over {@link ClusterConfig}) with Prometheus metrics on. */
public final class ClusterBootstrap {

  /**
   * The split-brain protection a map joins with {@code MapConfig.setSplitBrainProtectionName(MAJORITY)}: writes to
   * it fail with {@code com.hazelcast.splitbrainprotection.SplitBrainProtectionException} on a partition owner that
   * sees fewer than {@link ClusterConfig#minClusterSize()} data members. Every member declares it (disabled when
   * {@code CLUSTER_MIN_SIZE} is below 2): Hazelcast only knows split-brain protections from a member's static
   * configuration, and the check runs on whichever data member owns the partition.
   */
  public static final String MAJORITY = "platform-majority";
  /** Vert.x's map of node id → event-bus address, written by each node for itself when it joins. */
  static final String VERTX_NODE_INFO = "__vertx.nodeInfo";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBootstrap.class);
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 20;
  /** The longest a leave waits for Hazelcast's hand-over (partitions, CP membership) before it goes anyway. */
  static final int LEAVE_MAX_WAIT_SECONDS = 3;
  /**
   * Partitions of every map, the same on every member (a member with another count cannot join). Hazelcast's 271 is
   * sized for clusters of dozens of members; for a handful, 71 still spreads data evenly (about 14 per member of
   * five) and every join, leave, backup sync and load-state repair walks a quarter of the partitions: the local
   * cluster's six nodes came up in 15.5-16.6 s instead of 22.1 s (2 cores).
   */
  public static final int PARTITION_COUNT = 71;

  private ClusterBootstrap() {
  }

  public static Future<Vertx> start(ClusterConfig config) {
    return start(config, hazelcast -> { });
  }

  /**
   * @param customizer adds the data-structure configuration a service needs (map backups, ...) before the
   *                   member starts, so the first partition table already has it
   */
  public static Future<Vertx> start(ClusterConfig config, Consumer<Config> customizer) {
    return start(config, customizer, null);
  }

  /**
   * As {@link #start(ClusterConfig, Consumer)}, traced with {@code tracing} ({@link Tracing}; null: not traced):
   * a span for every HTTP request served and sent and every event-bus request, with W3C trace context carried in
   * HTTP headers and event-bus message headers; and the services' own spans ({@link Spans}) under them.
   */
  public static Future<Vertx> start(ClusterConfig config, Consumer<Config> customizer, OpenTelemetry tracing) {
    HazelcastCallbackPool.installIfNeeded();
    Config hazelcast = hazelcastConfig(config);
    customizer.accept(hazelcast);
    VertxOptions options = new VertxOptions()
        .setEventBusOptions(config.tls().eventBus(new EventBusOptions().setHost(config.host()).setPort(0)))
        .setMetricsOptions(Metrics.options());
    long started = System.nanoTime();
    VertxBuilder builder = Vertx.builder()
        .with(options)
        .withMetrics(Metrics.factory())
        .withClusterManager(new HazelcastClusterManager(hazelcast));
    if (tracing != null) {
      builder.withTracer(new OpenTelemetryTracingFactory(tracing));
    }
    return builder
        .buildClustered()
        .onSuccess(vertx -> {
          if (tracing != null) {
            Spans.install(vertx, tracing);
          }
        })
        .onSuccess(vertx -> LOG.info("Joined cluster '{}' as {} in {} ms (event bus: {}; CP subsystem: {}); writes to "
            + "maps protected by '{}' {}", config.clusterName(), ClusterMembership.of(vertx).nodeId(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), config.tls(), config.cp(), MAJORITY,
            config.splitBrainProtected() ? "need " + config.minClusterSize() + " data members heard from within "
                + config.heartbeatToleranceMillis() + " ms"
                : "are not guarded (CLUSTER_MIN_SIZE off)"));
  }

  /**
   * The configuration every member starts from. Vert.x's own default-cluster.xml joins by multicast; this keeps its
   * map/lock settings and joins by TCP-IP.
   */
  public static Config hazelcastConfig(ClusterConfig config) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(config.clusterName());
    hazelcast.setLiteMember(config.liteMember());
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    // Our shutdown hook unpublishes and drains before leaving; Hazelcast's own would leave first.
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    // The 5 s default makes every joiner wait ~7 s; with 0 a joiner is ready in ~2 s.
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
    hazelcast.setProperty("hazelcast.partition.count", String.valueOf(PARTITION_COUNT));
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(config.heartbeatSeconds()));
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(config.maxNoHeartbeatSeconds()));
    // A write whose backup was not acknowledged fails instead of silently succeeding.
    hazelcast.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
    // A leave waits for this member's partitions to move and, on a CP member, for its removal from the Raft groups.
    // When every CP member leaves at once (infra/local-cluster.sh down) that removal has no majority and waited out
    // our hook's 20 s in one `down` of three (Hazelcast's own bound is 600 s). A member cut short is removed as a
    // crash would be: synchronous backups take over its partitions, and every write is in the database anyway.
    hazelcast.setProperty("hazelcast.graceful.shutdown.max.wait", String.valueOf(LEAVE_MAX_WAIT_SECONDS));
    // A member that was paused and dropped rejoins in seconds, not after the 300 s default.
    hazelcast.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    hazelcast.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    hazelcast.setProperty("hazelcast.local.localAddress", config.host());
    hazelcast.setProperty("hazelcast.socket.bind.any", "false");
    // Hazelcast's own metrics feed its Management Center, which the platform does not run (its metrics are
    // Micrometer's, on /metrics); collecting them walks every map and partition every 5 s on every member.
    hazelcast.getMetricsConfig().setEnabled(false);

    // A member-only endpoint instead of the default "unified" one (member, client and REST on one port): the
    // unified encoder spins its IO thread at 100 % on a connection to a peer that accepts but never answers (a
    // frozen JVM), stalling every other connection of that thread, heartbeats included (hazelcast#26473,
    // SilentPeerIT). The member endpoint's encoder blocks such a connection instead. No client or REST endpoint is
    // opened: nothing here connects as a Hazelcast client.
    AdvancedNetworkConfig network = hazelcast.getAdvancedNetworkConfig().setEnabled(true);
    network.setMemberEndpointConfig(new ServerSocketEndpointConfig()
        .setPort(config.port()).setPortCount(config.portCount()).setPortAutoIncrement(config.portCount() > 1));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.members());
    SplitBrainProtectionConfig majority = majority(config);
    MajorityLosses.install(hazelcast, majority);
    hazelcast.addSplitBrainProtectionConfig(majority);
    config.cp().applyTo(hazelcast);
    // With fail-on-indeterminate-state, a joiner's write of its own node info fails the whole start when the backup
    // ack is lost, which happens while the join's migrations settle (NodeInfoBackupIT). Vert.x rewrites every
    // node's entry whenever a member leaves, the one event that loses an entry whose backup was not yet sent, so
    // an asynchronous backup loses nothing.
    hazelcast.getMapConfig(VERTX_NODE_INFO).setBackupCount(0).setAsyncBackupCount(1);
    return hazelcast;
  }

  /**
   * Counts the data members heard from within {@link ClusterConfig#heartbeatToleranceMillis()} (Hazelcast's
   * recently-active function, re-evaluated on every heartbeat and once per heartbeat interval); lite members such as
   * the gateway are left out.
   */
  static SplitBrainProtectionConfig majority(ClusterConfig config) {
    if (!config.splitBrainProtected()) {
      // Hazelcast rejects a minimum below 2, even on a disabled protection.
      return new SplitBrainProtectionConfig(MAJORITY, false).setProtectOn(SplitBrainProtectionOn.WRITE);
    }
    return SplitBrainProtectionConfig.newRecentlyActiveSplitBrainProtectionConfigBuilder(MAJORITY,
            config.minClusterSize(), (int) config.heartbeatToleranceMillis())
        .build()
        .setProtectOn(SplitBrainProtectionOn.WRITE);
  }

  /**
   * On SIGTERM: undeploy (verticles unpublish, stop accepting, drain), then leave the cluster.
   *
   * @param vertx the node's Vert.x at the time of the signal (a node that rejoined after a freeze has a new one)
   */
  public static void closeOnShutdown(Supplier<Vertx> vertx) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Vertx running = vertx.get();
      if (running == null) {
        return;
      }
      LOG.info("Shutting down: unpublishing, draining, leaving the cluster");
      try {
        running.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Graceful shutdown did not finish: {}", e.toString());
      }
    }, "graceful-shutdown"));
  }
}
