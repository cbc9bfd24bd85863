package dev.vxplatform.order.cluster;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.order.orders.IdempotentOrders;
import dev.vxplatform.order.orders.Order;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterBootstrap;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.testing.PartitionHold;
import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.web.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two data members with {@code CLUSTER_MIN_SIZE = 2}. An order placed on node 0 waits for its partition (held) while
 * node 1 crashes, so node 0 loses its majority, and a new member brings it back before the order goes on. What the
 * order wrote meanwhile is on the surviving copy here, but in a real split it may be on the copy a merge replaces:
 * the answer is a 503, not a 201, and the client's retry with the same key gets the order.
 */
class MajorityLostMidWriteIT {

  private static final String SKU = "SKU-0005";
  private OrderCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anOrderPlacedAcrossALostAndRegainedMajorityIsNotAcknowledgedAndItsRetryAnswersIt() {
    cluster = OrderCluster.start(2, 2);
    cluster.deployOrdersOn(OrderCluster.fastConfig(), LeadershipListener.logging(), List.of(0));
    cluster.deployRealInventory(0);
    HazelcastInstance survivor = ClusterMembership.of(cluster.node(0)).hazelcast();
    String customer = "c-" + UUID.randomUUID();
    String key = IntStream.range(0, 1_000).mapToObj(i -> "key-" + i)
        .filter(k -> survivor.getPartitionService().getPartition(orderId(customer, k)).getOwner().localMember())
        .findFirst().orElseThrow();

    Future<HttpResponse<Buffer>> placing;
    try (PartitionHold owner = PartitionHold.of(survivor.getMap(OrderStore.MAP), orderId(customer, key))) {
      placing = cluster.postAsync(0, "/orders", order(customer, Map.of(SKU, 1)), Map.of("Idempotency-Key", key));
      waitUntil("the order is past the write gate, waiting for its partition", Duration.ofSeconds(10),
          () -> inFlight(cluster) > 0);
      cluster.crash(1);
      waitUntil("node 0 sees itself a minority", Duration.ofSeconds(15), () -> !majority(survivor));
      cluster.cluster().joinMemberWithoutVertx();
      waitUntil("node 0 sees a majority again", Duration.ofSeconds(15), () -> majority(survivor));
    }

    HttpResponse<Buffer> answer = TestCluster.await(placing);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(503);
    assertThat(answer.getHeader("Retry-After")).as(answer.bodyAsString()).isEqualTo("1");
    assertThat(answer.bodyAsJsonObject().getString("detail")).contains("may or may not have been applied");

    HttpResponse<Buffer> retried = cluster.post(0, "/orders", order(customer, Map.of(SKU, 1)),
        Map.of("Idempotency-Key", key));
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    assertThat(retried.bodyAsJsonObject().getString("id")).isEqualTo(orderId(customer, key));
    assertThat(cluster.rows("SELECT count(*) FROM " + OrderStore.TABLE + " WHERE customer_id = '" + customer + "'"))
        .isEqualTo(1);
  }

  private static String orderId(String customer, String key) {
    return Order.idForKey(IdempotentOrders.scopedKey(customer, key));
  }

  private static boolean majority(HazelcastInstance member) {
    return member.getSplitBrainProtectionService().getSplitBrainProtection(ClusterBootstrap.MAJORITY)
        .hasMinimumSize();
  }

  private static double inFlight(OrderCluster cluster) {
    return Metrics.registry(cluster.node(0)).find("vertx.http.server.active.requests").gauges().stream()
        .mapToDouble(Gauge::value).sum();
  }
}
