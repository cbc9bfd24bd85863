package dev.vxplatform.order.cluster;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.order.testing.RealInventory;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.web.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two data members with {@code CLUSTER_MIN_SIZE = 2}; one crashes. The survivor, alone, is a minority: every order
 * write is 503 with Retry-After and writes nothing, reads still answer, it stops running the reconciler, and
 * Hazelcast itself refuses writes to the three order maps. Once another member joins, it takes the same writes.
 */
class SplitBrainProtectionIT {

  private static final String SKU = "SKU-0005";
  private static OrderCluster cluster;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(2, 2);
    cluster.deployOrdersOn(OrderCluster.fastConfig(), LeadershipListener.logging(), List.of(0));
    cluster.deployRealInventory(0);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aMemberLeftAloneRefusesOrderWritesButServesReads() {
    waitUntil("the survivor-to-be runs the reconciler", Duration.ofSeconds(10),
        () -> cluster.orders(0).runsReconciler());
    HttpResponse<Buffer> placed = cluster.post(0, "/orders", order("c-" + UUID.randomUUID(), Map.of(SKU, 1)),
        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    assertThat(placed.statusCode()).isEqualTo(201);
    String placedId = placed.bodyAsJsonObject().getString("id");

    cluster.crash(1);
    HazelcastInstance survivor = ClusterMembership.of(cluster.node(0)).hazelcast();
    waitUntil("the survivor sees itself alone and refuses writes", Duration.ofSeconds(15),
        () -> survivor.getCluster().getMembers().size() == 1 && cluster.orders(0).refusesWrites());
    long ordersBefore = cluster.rows("SELECT count(*) FROM " + OrderStore.TABLE);
    int[] stockBefore = RealInventory.stock(cluster.node(0), SKU);
    String customer = "c-" + UUID.randomUUID();
    String key = UUID.randomUUID().toString();

    List<HttpResponse<Buffer>> writes = List.of(
        cluster.post(0, "/orders", order(customer, Map.of(SKU, 2)), Map.of("Idempotency-Key", key)),
        cluster.post(0, "/orders", order(customer, Map.of(SKU, 1)), Map.of()),
        cluster.post(0, "/orders/" + placedId + "/cancel", null, Map.of()));

    assertThat(writes).allSatisfy(refused -> {
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
      assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
      assertThat(refused.bodyAsJsonObject().getString("title")).isEqualTo("Cluster minority");
    });
    HttpResponse<Buffer> read = cluster.get(0, "/orders/" + placedId);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("status")).isEqualTo("CONFIRMED");
    assertThat(cluster.get(0, "/orders?customerId=" + customer).bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(cluster.rows("SELECT count(*) FROM " + OrderStore.TABLE)).isEqualTo(ordersBefore);
    assertThat(RealInventory.stock(cluster.node(0), SKU)).containsExactly(stockBefore);
    assertThat(RealInventory.reservation(cluster.node(0), placedId)).isEqualTo("RESERVED");
    waitUntil("the survivor stops running the reconciler", Duration.ofSeconds(5),
        () -> !cluster.orders(0).runsReconciler());

    // Not only this node's gate: Hazelcast refuses the writes on the partition owner.
    HazelcastJsonValue value = new HazelcastJsonValue(new JsonObject().put("id", "probe").encode());
    Throwable refused = catchThrowable(() -> survivor.getMap(OrderStore.MAP).put("probe-" + UUID.randomUUID(), value));
    assertThat(refused).isInstanceOf(SplitBrainProtectionException.class);
    assertThat(ClusterUnavailableException.translate(refused)).isInstanceOf(ClusterUnavailableException.class);

    cluster.cluster().join(false);
    waitUntil("the survivor sees a majority again and takes writes", Duration.ofSeconds(15),
        () -> !cluster.orders(0).refusesWrites());
    HttpResponse<Buffer> retried = cluster.post(0, "/orders", order(customer, Map.of(SKU, 2)),
        Map.of("Idempotency-Key", key));
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    assertThat(cluster.post(0, "/orders/" + placedId + "/cancel", null, Map.of()).statusCode()).isEqualTo(200);
    assertThat(RealInventory.reservation(cluster.node(0), placedId)).isEqualTo("RELEASED");
  }
}
