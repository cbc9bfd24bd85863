package dev.vxplatform.shared.cluster;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.ClusterState;
import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A member a split-brain merge left alone in a frozen cluster leaves and joins again, on a real Hazelcast member. */
class StuckMergeIT {

  private static final long STUCK_MILLIS = 2_000;

  private final TestCluster cluster = TestCluster.start(0);
  private ServiceLauncher launcher;

  @AfterEach
  void stop() {
    if (launcher != null && launcher.current() != null) {
      await(launcher.current().close());
    }
    cluster.close();
  }

  @Test
  void aMemberLeftAloneInAFrozenClusterJoinsAgainActive() {
    // A data member: a lite member cannot start without one (Vert.x writes its node info to a map on joining).
    launcher = new ServiceLauncher("svc", cluster.newMemberConfig(), hazelcast -> { },
        () -> new VerticleBase() { }, STUCK_MILLIS);
    Vertx stuck = await(launcher.start());
    // What a merging master leaves behind when its own move never comes.
    ClusterMembership.of(stuck).hazelcast().getCluster().changeClusterState(ClusterState.FROZEN);

    waitUntil("a new member in place of the frozen one", Duration.ofSeconds(30),
        () -> launcher.current() != stuck && ClusterMembership.of(launcher.current()).isActive());

    assertThat(ClusterMembership.of(stuck).isActive()).as("the frozen member is gone").isFalse();
    assertThat(ClusterMembership.of(launcher.current()).hazelcast().getCluster().getClusterState())
        .isEqualTo(ClusterState.ACTIVE);
  }
}
