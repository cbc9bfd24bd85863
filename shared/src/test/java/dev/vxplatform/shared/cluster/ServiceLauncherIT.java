package dev.vxplatform.shared.cluster;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.ClusterState;
import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A launched node rejoining after a freeze, or once a split-brain merge left it behind, on real members. */
class ServiceLauncherIT {

  private static final long STUCK_MILLIS = 2_000;

  private TestCluster cluster;
  private ServiceLauncher launcher;

  @AfterEach
  void stop() {
    if (launcher != null && launcher.current() != null) {
      await(launcher.current().close());
    }
    cluster.close();
  }

  @Test
  void rejoinsAsANewEmptyMemberWithItsVerticleDeployedAgain() {
    cluster = TestCluster.start(2);
    AtomicInteger deployed = new AtomicInteger();
    launcher = new ServiceLauncher("svc", cluster.newMemberConfig(), hazelcast -> { }, () -> new VerticleBase() {
      @Override
      public Future<?> start() {
        deployed.incrementAndGet();
        return Future.succeededFuture();
      }
    });
    Vertx first = await(launcher.start());
    String firstNode = ClusterMembership.of(first).nodeId();
    waitUntil("three members", Duration.ofSeconds(10), () -> members(cluster.node(0)) == 3);

    Vertx second = await(launcher.rejoinAfterFreeze(6000));

    assertThat(second).isNotSameAs(first).isSameAs(launcher.current());
    assertThat(ClusterMembership.of(first).isActive()).as("the stale member is gone").isFalse();
    assertThat(ClusterMembership.of(second).nodeId()).isNotEqualTo(firstNode);
    assertThat(deployed).hasValue(2);
    waitUntil("the new member is one of three", Duration.ofSeconds(10),
        () -> members(cluster.node(0)) == 3
            && ClusterMembership.of(cluster.node(0)).memberIds().contains(ClusterMembership.of(second).nodeId())
            && !ClusterMembership.of(cluster.node(0)).memberIds().contains(firstNode));
  }

  @Test
  void aMemberLeftAloneInAFrozenClusterJoinsAgainActive() {
    cluster = TestCluster.start(0);
    // A data member: a lite member cannot start without one (Vert.x writes its node info to a map on joining).
    launcher = new ServiceLauncher("svc", cluster.newMemberConfig(), hazelcast -> { },
        () -> new VerticleBase() { }, STUCK_MILLIS);
    Vertx stuck = await(launcher.start());
    // What a merging master leaves behind when its own move never comes.
    ClusterMembership.of(stuck).hazelcast().getCluster().changeClusterState(ClusterState.FROZEN);

    // Until the rejoin has ended: closing its new node while it deploys would fail the rejoin, which exits the JVM.
    waitUntil("a new member in place of the frozen one", Duration.ofSeconds(30),
        () -> launcher.current() != stuck && !launcher.rejoining()
            && ClusterMembership.of(launcher.current()).isActive());

    assertThat(ClusterMembership.of(stuck).isActive()).as("the frozen member is gone").isFalse();
    assertThat(ClusterMembership.of(launcher.current()).hazelcast().getCluster().getClusterState())
        .isEqualTo(ClusterState.ACTIVE);
  }

  private static int members(Vertx node) {
    return ClusterMembership.of(node).memberIds().size();
  }
}
