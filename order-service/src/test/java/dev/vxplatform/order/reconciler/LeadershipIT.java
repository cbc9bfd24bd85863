package dev.vxplatform.order.reconciler;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.order.OrderVerticle;
import dev.vxplatform.order.orders.Fence;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.Database;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's lock on a two-member cluster (the CP subsystem off: Hazelcast's unsafe mode, what tests and single
 * nodes run), one candidate per member as on two order-service nodes: one holder at a time, a dead holder replaced
 * only after its validity ended, with a newer token, which the database then holds.
 */
class LeadershipIT {

  private OrderCluster cluster;

  @BeforeEach
  void start() {
    cluster = OrderCluster.start(2);
    Vertx first = cluster.node(0);
    await(first.executeBlocking(() -> {
      Database.of(first).migrate(OrderVerticle.SCHEMA);
      return null;
    }));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aKilledHoldersLockGoesToTheOtherNodeOnlyAfterItsValidityEnded() {
    List<LockCandidate> candidates = List.of(new LockCandidate(cluster.node(0), "node-0"),
        new LockCandidate(cluster.node(1), "node-1"));
    LockCandidate holder = waitForOneHolder(candidates);
    assertAtMostOneHolderFor(candidates, Duration.ofSeconds(2));
    int holderIndex = candidates.indexOf(holder);
    LockCandidate other = candidates.get(1 - holderIndex);

    cluster.cluster().crash(cluster.node(holderIndex));
    waitUntil("the other node holds the lock", Duration.ofSeconds(20), other.leadership::isHeld);

    assertThat(other.grantedAt.get()).isGreaterThan(holder.leadership.validUntilNanos());
    assertThat(other.grantedToken.get()).isGreaterThan(holder.grantedToken.get());
    Vertx survivor = cluster.node(1 - holderIndex);
    long claimed = await(Database.of(survivor).pool(survivor).query("SELECT token FROM " + Fence.TABLE).execute())
        .iterator().next().getLong(0);
    assertThat(claimed).as("the token the database holds").isEqualTo(other.grantedToken.get());
  }

  @Test
  void aLockGivenBackIsTakenWithinTwoTicks() {
    List<LockCandidate> candidates = List.of(new LockCandidate(cluster.node(0), "node-0"),
        new LockCandidate(cluster.node(1), "node-1"));
    LockCandidate holder = waitForOneHolder(candidates);
    LockCandidate other = candidates.get(1 - candidates.indexOf(holder));
    long tick = Leadership.tickMillis(ClusterMembership.of(cluster.node(0)).hazelcast());

    holder.standDown();

    waitUntil("the other candidate holds the lock", Duration.ofMillis(tick * 2 + 1000), other.leadership::isHeld);
    assertThat(other.grantedToken.get()).isGreaterThan(holder.grantedToken.get());
    assertAtMostOneHolderFor(candidates, Duration.ofMillis(tick * 2));
  }

  private static LockCandidate waitForOneHolder(List<LockCandidate> candidates) {
    waitUntil("a candidate holds the lock", Duration.ofSeconds(20),
        () -> candidates.stream().anyMatch(c -> c.leadership.isHeld()));
    return candidates.stream().filter(c -> c.leadership.isHeld()).findFirst().orElseThrow();
  }

  /** Samples every candidate for a while: never two holders at the same instant. */
  private static void assertAtMostOneHolderFor(List<LockCandidate> candidates, Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      assertThat(candidates.stream().filter(c -> c.leadership.isHeld()).count()).isLessThanOrEqualTo(1);
      LockSupport.parkNanos(1_000_000);
    }
  }
}
