package dev.vxplatform.order.reconciler;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.order.OrderVerticle;
import dev.vxplatform.order.orders.Fence;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.Database;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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

  /** A candidate ticking on its own context, as on its own node; records when it was granted. */
  static final class Candidate implements LeadershipListener {
    final Context context;
    final Leadership leadership;
    final AtomicLong grantedAt = new AtomicLong();
    final AtomicLong grantedToken = new AtomicLong();
    volatile long timer = -1;

    Candidate(Vertx vertx, String name) {
      HazelcastInstance hazelcast = ClusterMembership.of(vertx).hazelcast();
      this.context = vertx.getOrCreateContext();
      this.leadership = new Leadership(context, hazelcast, Database.of(vertx).pool(vertx), name, this);
      long tick = Leadership.tickMillis(hazelcast);
      context.runOnContext(v -> timer = vertx.setPeriodic(0, tick, id -> leadership.tick()));
    }

    /** What a node that must not write does: no more ticks, and the lock given back. */
    void standDown() {
      context.runOnContext(v -> {
        context.owner().cancelTimer(timer);
        leadership.standDown();
      });
    }

    @Override
    public void acquired(String nodeId, long token, long atNanos) {
      grantedToken.set(token);
      grantedAt.set(atNanos);
    }

    @Override
    public void lost(String nodeId, long token, long atNanos) {
    }
  }

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
    List<Candidate> candidates = List.of(new Candidate(cluster.node(0), "node-0"),
        new Candidate(cluster.node(1), "node-1"));
    Candidate holder = waitForOneHolder(candidates);
    assertAtMostOneHolderFor(candidates, Duration.ofSeconds(2));
    int holderIndex = candidates.indexOf(holder);
    Candidate other = candidates.get(1 - holderIndex);

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
    List<Candidate> candidates = List.of(new Candidate(cluster.node(0), "node-0"),
        new Candidate(cluster.node(1), "node-1"));
    Candidate holder = waitForOneHolder(candidates);
    Candidate other = candidates.get(1 - candidates.indexOf(holder));
    long tick = Leadership.tickMillis(ClusterMembership.of(cluster.node(0)).hazelcast());

    holder.standDown();

    waitUntil("the other candidate holds the lock", Duration.ofMillis(tick * 2 + 1000), other.leadership::isHeld);
    assertThat(other.grantedToken.get()).isGreaterThan(holder.grantedToken.get());
    assertAtMostOneHolderFor(candidates, Duration.ofMillis(tick * 2));
  }

  private static Candidate waitForOneHolder(List<Candidate> candidates) {
    waitUntil("a candidate holds the lock", Duration.ofSeconds(20),
        () -> candidates.stream().anyMatch(c -> c.leadership.isHeld()));
    return candidates.stream().filter(c -> c.leadership.isHeld()).findFirst().orElseThrow();
  }

  /** Samples every candidate for a while: never two holders at the same instant. */
  private static void assertAtMostOneHolderFor(List<Candidate> candidates, Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      assertThat(candidates.stream().filter(c -> c.leadership.isHeld()).count()).isLessThanOrEqualTo(1);
      LockSupport.parkNanos(1_000_000);
    }
  }
}
