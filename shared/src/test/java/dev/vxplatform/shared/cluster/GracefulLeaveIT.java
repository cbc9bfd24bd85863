package dev.vxplatform.shared.cluster;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every member of a cluster with the CP subsystem leaves at once, as {@code infra/local-cluster.sh down} makes them:
 * no CP member can be removed from the Raft groups without a majority, so a leave without a bound on its hand-over
 * waits out Hazelcast's 600 s. Each leave ends within {@link ClusterBootstrap#LEAVE_MAX_WAIT_SECONDS} of it instead.
 */
class GracefulLeaveIT {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulLeaveIT.class);
  /** Far above the bounded leave (a few seconds), far below the unbounded one (minutes). */
  private static final Duration HANG = Duration.ofSeconds(30);
  private TestCluster cluster;

  @BeforeEach
  void start() {
    CpConfig cp = new CpConfig(3, 5, 6);
    cluster = TestCluster.start(3, cp::applyTo);
    waitUntil("the CP subsystem has formed", Duration.ofSeconds(30), () -> CpMembers.of(cluster.node(0)).size() == 3);
  }

  @AfterEach
  void stop() {
    cluster.crashAll(); // whatever is left after a failure
  }

  @Test
  void membersThatAllLeaveAtOnceDoNotWaitForRaft() throws Exception {
    List<Vertx> nodes = cluster.nodes();
    long started = System.nanoTime();

    Future.join(nodes.stream().map(Vertx::close).toList())
        .toCompletionStage().toCompletableFuture().get(HANG.toSeconds(), TimeUnit.SECONDS);

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    LOG.info("3 CP members left at once in {} ms (hand-over bound {} s)", tookMillis,
        ClusterBootstrap.LEAVE_MAX_WAIT_SECONDS);
    assertThat(nodes).allSatisfy(node ->
        assertThat(ClusterMembership.of(node).hazelcast().getLifecycleService().isRunning()).isFalse());
  }
}
