package dev.vxplatform.shared.cluster;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;
import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Four data members with the CP subsystem on three of them. A CP member that dies is removed after
 * {@code CP_MEMBER_REMOVAL_SECONDS}, and the fourth member is promoted in its place, so Raft runs on three again with
 * its data. Two that die at once take the majority with them: the master resets the subsystem, which forms again on
 * the data members there are, its data started afresh.
 */
class CpMembershipKeeperIT {

  private static final Logger LOG = LoggerFactory.getLogger(CpMembershipKeeperIT.class);
  private static final CpConfig CP = new CpConfig(3, 5, 6);
  private static final long KEPT = 42;
  private TestCluster cluster;

  @BeforeEach
  void start() {
    cluster = TestCluster.start(4, CP::applyTo);
    cluster.nodes().forEach(node -> CpMembershipKeeper.start(node, CP));
    waitUntil("the CP subsystem has formed", Duration.ofSeconds(30), () -> CpMembers.of(cluster.node(3)).size() == 3);
    hazelcast(cluster.node(0)).getCPSubsystem().getAtomicLong("keeper-data").set(KEPT);
  }

  @AfterEach
  void stop() {
    cluster.crashAll(); // a graceful leave hands each CP member's role over first: tens of seconds for nothing here
    cluster.close();
  }

  @Test
  void aDeadCpMemberIsReplacedByAnotherDataMember() {
    Set<Address> before = addresses(CpMembers.of(cluster.node(3)));
    Vertx victim = cluster.nodes().stream().filter(node -> before.contains(address(node))).findFirst().orElseThrow();
    Vertx outsider = cluster.nodes().stream().filter(node -> !before.contains(address(node))).findFirst().orElseThrow();
    Vertx witness = cluster.nodes().stream().filter(node -> node != victim && node != outsider).findFirst()
        .orElseThrow();

    Address gone = address(victim);
    long crashed = System.nanoTime();
    cluster.crash(victim);
    Duration healed = waitUntil("another data member is a CP member in its place",
        Duration.ofSeconds(CP.memberRemovalSeconds() + 30), () -> {
          Set<Address> now = addresses(CpMembers.of(witness));
          return now.size() == 3 && now.contains(address(outsider));
        });
    LOG.info("CP subsystem back to 3 members {} ms after a CP member died (removal after {} s)",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashed), CP.memberRemovalSeconds());

    assertThat(healed).isPositive();
    assertThat(addresses(CpMembers.of(witness))).doesNotContain(gone);
    // Raft answers with the new membership: a lock is granted.
    assertThat(hazelcast(outsider).getCPSubsystem().getLock("keeper-check").tryLockAndGetFence()).isPositive();
    assertThat(hazelcast(witness).getCPSubsystem().getAtomicLong("keeper-data").get()).isEqualTo(KEPT);
  }

  @Test
  void theMasterResetsACpSubsystemThatLostItsMajority() {
    Vertx master = cluster.node(0);
    Set<Address> before = addresses(CpMembers.of(master));
    List<Vertx> victims = cluster.nodes().stream()
        .filter(node -> node != master && before.contains(address(node))).limit(2).toList();
    Set<Address> gone = victims.stream().map(CpMembershipKeeperIT::address).collect(Collectors.toSet());

    long crashed = System.nanoTime();
    victims.forEach(cluster::crash);
    Vertx joiner = cluster.join(false); // three data members again: enough to form the subsystem anew
    CpMembershipKeeper.start(joiner, CP);
    waitUntil("the CP subsystem has formed again on the present members",
        Duration.ofSeconds(CP.memberRemovalSeconds() + 40), () -> {
          Set<Address> now = addresses(CpMembers.of(master));
          return now.size() == 3 && now.contains(address(joiner));
        });
    LOG.info("CP subsystem formed again {} ms after two of its three members died (reset after {} s unanswered)",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashed), CP.memberRemovalSeconds());

    assertThat(addresses(CpMembers.of(joiner))).doesNotContainAnyElementsOf(gone);
    assertThat(hazelcast(joiner).getCPSubsystem().getLock("keeper-check").tryLockAndGetFence()).isPositive();
    assertThat(hazelcast(joiner).getCPSubsystem().getAtomicLong("keeper-data").get()).isZero();
  }

  private static Set<Address> addresses(Collection<CPMember> members) {
    return members.stream().map(CPMember::getAddress).collect(Collectors.toSet());
  }

  private static Address address(Vertx node) {
    return ClusterMembership.of(node).hazelcast().getCluster().getLocalMember().getAddress();
  }

  private static HazelcastInstance hazelcast(Vertx node) {
    return ClusterMembership.of(node).hazelcast();
  }
}
