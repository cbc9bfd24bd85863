package dev.vxplatform.order.reconciler;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.session.CPSession;
import com.hazelcast.cp.session.CPSessionManagementService;
import dev.vxplatform.order.OrderVerticle;
import dev.vxplatform.order.orders.Fence;
import dev.vxplatform.order.orders.OwedReleases;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.CpConfig;
import dev.vxplatform.shared.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's lock on Raft (3 members, the CP subsystem on, as the launcher runs it): a holder paused past its
 * CP session, then resumed, still believes it holds the lock, and the database refuses its writes.
 */
class StaleHolderIT {

  private static final CpConfig CP = new CpConfig(3, 5, 5);
  private static OrderCluster cluster;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.startWithCp(3, CP);
    Vertx first = cluster.node(0);
    await(first.executeBlocking(() -> {
      Database.of(first).migrate(OrderVerticle.SCHEMA);
      return null;
    }));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aHolderPausedPastItsSessionWritesNothingOnceResumed() {
    List<LockCandidate> candidates = cluster.cluster().nodes().stream()
        .map(node -> new LockCandidate(node, "node-" + cluster.cluster().nodes().indexOf(node))).toList();
    waitUntil("a candidate holds the lock (the CP subsystem formed)", Duration.ofSeconds(60),
        () -> candidates.stream().anyMatch(c -> c.leadership.isHeld()));
    LockCandidate stale = candidates.stream().filter(c -> c.leadership.isHeld()).findFirst().orElseThrow();
    Fence staleFence = stale.leadership.fence();

    stale.pause();
    endSessionOf(stale.node); // what the CP group does once a paused member's heartbeats have stopped for the TTL
    waitUntil("another candidate holds the lock", Duration.ofSeconds(10),
        () -> candidates.stream().anyMatch(c -> c != stale && c.leadership.isHeld()));
    LockCandidate next = candidates.stream().filter(c -> c != stale && c.leadership.isHeld()).findFirst().orElseThrow();

    // Resumed: its clock may still say it holds the lock; the database knows better.
    OwedReleases owed = new OwedReleases(Database.of(stale.node).pool(stale.node));
    Throwable refused = catchThrowable(() -> await(owed.owe("order-of-the-stale-holder", staleFence)));
    assertThat(refused).hasRootCauseInstanceOf(Fence.StaleFenceException.class);
    assertThat(next.leadership.fence().token()).isGreaterThan(staleFence.token());
    await(owed.owe("order-of-the-new-holder", next.leadership.fence()));
    assertThat(await(owed.due(10))).containsExactly("order-of-the-new-holder");
  }

  private static void endSessionOf(Vertx node) {
    CPSessionManagementService sessions = ClusterMembership.of(node).hazelcast().getCPSubsystem()
        .getCPSessionManagementService();
    var address = ClusterMembership.of(node).hazelcast().getCluster().getLocalMember().getAddress();
    Collection<CPSession> all = await(Future.fromCompletionStage(
        sessions.getAllSessions(CPGroup.DEFAULT_GROUP_NAME)));
    CPSession session = all.stream().filter(s -> s.endpoint().equals(address)).findFirst().orElseThrow();
    assertThat(await(Future.fromCompletionStage(
        sessions.forceCloseSession(CPGroup.DEFAULT_GROUP_NAME, session.id())))).isTrue();
  }
}
