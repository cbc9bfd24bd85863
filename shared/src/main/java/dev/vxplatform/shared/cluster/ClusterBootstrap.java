package dev.vxplatform.shared.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.vxplatform.shared.web.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a clustered Vert.x on Hazelcast (TCP-IP join over {@link ClusterConfig}) with Prometheus metrics on. */
public final class ClusterBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterBootstrap.class);
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 20;

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
    Config hazelcast = hazelcastConfig(config);
    customizer.accept(hazelcast);
    VertxOptions options = new VertxOptions()
        .setEventBusOptions(new EventBusOptions().setHost(config.host()).setPort(0))
        .setMetricsOptions(Metrics.options());
    long started = System.nanoTime();
    return Vertx.builder()
        .with(options)
        .withMetrics(Metrics.factory())
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered()
        .onSuccess(vertx -> LOG.info("Joined cluster '{}' as {} in {} ms", config.clusterName(),
            ClusterMembership.of(vertx).nodeId(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
  }

  /** Vert.x's own default-cluster.xml joins by multicast; this keeps its map/lock settings and joins by TCP-IP. */
  static Config hazelcastConfig(ClusterConfig config) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(config.clusterName());
    hazelcast.setLiteMember(config.liteMember());
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    // Our shutdown hook unpublishes and drains before leaving; Hazelcast's own would leave first.
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    // The 5 s default makes every joiner wait ~7 s; with 0 a joiner is ready in ~2 s.
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(config.heartbeatSeconds()));
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(config.maxNoHeartbeatSeconds()));
    // A write whose backup was not acknowledged fails instead of silently succeeding.
    hazelcast.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
    // A member that was paused and dropped rejoins in seconds, not after the 300 s default.
    hazelcast.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    hazelcast.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    hazelcast.setProperty("hazelcast.local.localAddress", config.host());
    hazelcast.setProperty("hazelcast.socket.bind.any", "false");

    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(config.port()).setPortCount(config.portCount()).setPortAutoIncrement(config.portCount() > 1);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.members());
    return hazelcast;
  }

  /** On SIGTERM: undeploy (verticles unpublish, stop accepting, drain), then leave the cluster. */
  public static void closeOnShutdown(Vertx vertx) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Shutting down: unpublishing, draining, leaving the cluster");
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Graceful shutdown did not finish: {}", e.toString());
      }
    }, "graceful-shutdown"));
  }
}
