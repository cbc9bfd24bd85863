package dev.vxplatform.shared.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;

import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The janitor on a real two-node loopback cluster whose registry reads can be held back, as they are while a hung
 * member still owns partitions of the registry map.
 */
class RecordJanitorIT {

  /** A lease far longer than the test: only the member-left path can remove the record in time. */
  private static final RegistryOptions OPTIONS = new RegistryOptions(10_000, 100, "1.0.0");

  private TestCluster cluster;
  private ServiceDiscovery discovery;
  private RecordJanitor janitor;

  @BeforeEach
  void startCluster() {
    cluster = TestCluster.start(2);
  }

  @AfterEach
  void stopCluster() {
    HeldBackend.release();
    if (janitor != null) {
      janitor.close();
    }
    if (discovery != null) {
      discovery.close();
    }
    cluster.close();
  }

  @Test
  void sweepStuckOnTheRegistryIsNotMistakenForThisNodeStalling() {
    Vertx survivor = cluster.node(0);
    Vertx doomed = cluster.node(1);
    // A member crashing mid-migration holds the partition repair back 3 s (Hazelcast's pause after a failed
    // migration), and the registry reads with it: not what this test is about.
    waitUntil("the join's migrations are over", Duration.ofSeconds(30), () -> TestCluster.clusterSafe(survivor));
    discovery = ServiceDiscovery.create(survivor, new ServiceDiscoveryOptions()
        .setBackendConfiguration(new JsonObject().put("backend-name", HeldBackend.NAME)));
    String doomedNode = ClusterMembership.of(doomed).nodeId();
    Record record = await(discovery.publish(Records.http("held-svc", "127.0.0.1", 9,
        new JsonObject().put(Records.NODE, doomedNode).put(Records.INSTANCE, "instance-1"))));
    // A live lease without expiry: the lease sweep never judges this record.
    await(survivor.sharedData().<String, String>getAsyncMap(DiscoveryServiceRegistry.LEASES)
        .compose(leases -> leases.put("instance-1", doomedNode)));
    janitor = onContext(survivor,
        () -> new RecordJanitor(survivor, discovery, ClusterMembership.of(survivor), OPTIONS));

    HeldBackend.hold();
    waitUntil("a sweep has been stuck for five refresh intervals", Duration.ofSeconds(5),
        () -> HeldBackend.oldestHeldMillis() >= 5 * OPTIONS.refreshMillis());
    HeldBackend.release();
    cluster.crash(doomed);

    waitUntil("the crashed member's record is removed", Duration.ofSeconds(3),
        () -> await(discovery.getRecords(r -> r.getRegistration().equals(record.getRegistration()), true))
            .isEmpty());
  }

  @Test
  void aMemberWithoutAMajorityLeavesTheRecordsOfMembersItLostToTheMajority() {
    cluster.close();
    cluster = TestCluster.start(2, 2, config -> { }); // CLUSTER_MIN_SIZE 2: a member alone is a minority
    Vertx survivor = cluster.node(0);
    Vertx lost = cluster.node(1);
    waitUntil("the join's migrations are over", Duration.ofSeconds(30), () -> TestCluster.clusterSafe(survivor));
    discovery = ServiceDiscovery.create(survivor);
    String lostNode = ClusterMembership.of(lost).nodeId();
    Record record = await(discovery.publish(Records.http("far-svc", "127.0.0.1", 9,
        new JsonObject().put(Records.NODE, lostNode).put(Records.INSTANCE, "instance-far"))));
    janitor = onContext(survivor,
        () -> new RecordJanitor(survivor, discovery, ClusterMembership.of(survivor), OPTIONS));

    cluster.crash(lost); // to the survivor, as a cut network looks to the side that is cut off

    waitUntil("the survivor saw the member leave without a majority", Duration.ofSeconds(15),
        () -> janitor.leftToTheMajority() > 0);
    assertThat(await(discovery.getRecords(r -> r.getRegistration().equals(record.getRegistration()), true)))
        .as("the lost member's record").hasSize(1);
  }

  private static <T> T onContext(Vertx vertx, java.util.function.Supplier<T> supplier) {
    Promise<T> promise = Promise.promise();
    vertx.runOnContext(v -> promise.complete(supplier.get()));
    return await(promise.future());
  }
}
