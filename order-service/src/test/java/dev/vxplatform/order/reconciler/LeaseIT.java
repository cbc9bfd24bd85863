package dev.vxplatform.order.reconciler;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lease itself, with several candidates on one member: one holder at a time, takeover only after expiry. */
class LeaseIT {

  private static final ReconcilerOptions OPTIONS = new ReconcilerOptions(true, 250, 500, 2000, 10);
  private static TestCluster cluster;

  /** A lease ticking on its own context, as on its own node; records when it was granted. */
  static final class Candidate implements LeaseListener {
    final Context context;
    final Lease lease;
    final AtomicLong grantedAt = new AtomicLong();
    final AtomicLong grantedToken = new AtomicLong();
    volatile long timer = -1;

    Candidate(Vertx vertx, IMap<String, String> map, String name) {
      this.context = vertx.getOrCreateContext();
      this.lease = new Lease(vertx, map, name, OPTIONS, this);
    }

    void startTicking() {
      context.runOnContext(v -> timer = context.owner().setPeriodic(0, OPTIONS.renewMillis(), id -> lease.tick()));
    }

    /** A hung node: neither renews nor gives the lease up. */
    void freeze() {
      context.runOnContext(v -> context.owner().cancelTimer(timer));
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

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void frozenHolderIsReplacedOnlyAfterItsValidityEnded() {
    List<Candidate> candidates = candidates(3);
    candidates.forEach(Candidate::startTicking);
    Candidate holder = waitForOneHolder(candidates);
    assertAtMostOneHolderFor(candidates, Duration.ofMillis(OPTIONS.leaseMillis()));
    long firstToken = holder.lease.token();

    holder.freeze();
    Candidate next = waitForOneHolder(candidates.stream().filter(c -> c != holder).toList());

    assertThat(next.grantedAt.get()).isGreaterThan(holder.lease.validUntilNanos());
    assertThat(next.grantedToken.get()).isGreaterThan(firstToken);
    assertThat(holder.lease.isHeld()).isFalse();
  }

  @Test
  void releasedLeaseIsTakenOverWithinARenewal() {
    List<Candidate> candidates = candidates(2);
    candidates.forEach(Candidate::startTicking);
    Candidate holder = waitForOneHolder(candidates);
    Candidate other = candidates.get(holder == candidates.get(0) ? 1 : 0);

    holder.freeze();
    holder.context.runOnContext(v -> holder.lease.release());

    waitUntil("the other candidate holds the lease", Duration.ofMillis(OPTIONS.renewMillis() * 2 + 500),
        other.lease::isHeld);
    assertThat(holder.lease.isHeld()).isFalse();
  }

  private static List<Candidate> candidates(int count) {
    IMap<String, String> map = ClusterMembership.of(cluster.node(0)).hazelcast().getMap("lease-" + UUID.randomUUID());
    return IntStream.range(0, count).mapToObj(i -> new Candidate(cluster.node(0), map, "candidate-" + i)).toList();
  }

  private static Candidate waitForOneHolder(List<Candidate> candidates) {
    waitUntil("a candidate holds the lease", Duration.ofMillis(OPTIONS.leaseMillis() * 3),
        () -> candidates.stream().anyMatch(c -> c.lease.isHeld()));
    return candidates.stream().filter(c -> c.lease.isHeld()).findFirst().orElseThrow();
  }

  /** Samples every candidate for a while: never two holders at the same instant. */
  private static void assertAtMostOneHolderFor(List<Candidate> candidates, Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      assertThat(candidates.stream().filter(c -> c.lease.isHeld()).count()).isLessThanOrEqualTo(1);
      LockSupport.parkNanos(1_000_000);
    }
  }
}
