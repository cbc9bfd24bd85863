package dev.vxplatform.order.cluster;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.order.OrderVerticle;
import dev.vxplatform.order.orders.IdempotentOrders;
import dev.vxplatform.order.orders.Order;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.order.testing.RealInventory;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.FrozenJvm;
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
 * The order-service on a JVM that was frozen long enough to be expelled (the shared {@code FreezeWatch}, on a clock the
 * test moves): from the resume until it has joined the cluster again it answers every write 503 without writing
 * anything and serves reads; after that the same Idempotency-Key makes exactly one order.
 */
class FrozenNodeIT {

  private static final String SKU = "SKU-0003";
  private static OrderCluster cluster;
  private static FrozenJvm frozen;
  private static OrderVerticle orders;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(1);
    frozen = FrozenJvm.on(cluster.node(0));
    cluster.deployOrdersOn(OrderCluster.fastConfig(), LeadershipListener.logging(), List.of(0));
    orders = cluster.orders(0);
    RealInventory.deploy(cluster.node(0));
    waitUntil("the order-service sees inventory", Duration.ofSeconds(5), orders::seesInventory);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void writesReachingAResumedNodeAre503AndWriteNothingUntilItRejoinedThenTheSameKeySucceedsOnce() {
    HttpResponse<Buffer> existing = cluster.post(0, "/orders", order("c-" + UUID.randomUUID(), Map.of(SKU, 1)),
        Map.of());
    assertThat(existing.statusCode()).isEqualTo(201);
    String existingId = existing.bodyAsJsonObject().getString("id");
    HazelcastInstance hazelcast = ClusterMembership.of(cluster.node(0)).hazelcast();
    int ordersBefore = hazelcast.getMap(OrderStore.MAP).size();
    int[] stockBefore = RealInventory.stock(cluster.node(0), SKU);
    String customer = "c-" + UUID.randomUUID();
    JsonObject body = order(customer, Map.of(SKU, 2));
    String key = UUID.randomUUID().toString();

    frozen.resumeAfter(6_000);
    assertRefused(cluster.post(0, "/orders", body, Map.of("Idempotency-Key", key)), "just resumed");
    frozen.noticed();
    assertRefused(cluster.post(0, "/orders", order(customer, Map.of(SKU, 1)), Map.of()), "was frozen for 6000 ms");
    assertRefused(cluster.post(0, "/orders/" + existingId + "/cancel", null, Map.of()), "was frozen");
    assertThat(cluster.get(0, "/orders/" + existingId).statusCode()).isEqualTo(200);
    assertThat(hazelcast.getMap(OrderStore.MAP).containsKey(Order.idForKey(IdempotentOrders.scopedKey(customer, key))))
        .isFalse();
    assertThat(hazelcast.getMap(OrderStore.MAP).size()).isEqualTo(ordersBefore);
    assertThat(RealInventory.stock(cluster.node(0), SKU)).containsExactly(stockBefore);
    assertThat(RealInventory.reservation(cluster.node(0), existingId)).isEqualTo("RESERVED");

    frozen.rejoined();
    HttpResponse<Buffer> retried = cluster.post(0, "/orders", body, Map.of("Idempotency-Key", key));
    HttpResponse<Buffer> again = cluster.post(0, "/orders", body, Map.of("Idempotency-Key", key));

    assertThat(retried.statusCode()).isEqualTo(201);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(retried.bodyAsJsonObject().getString("id"));
    assertThat(cluster.get(0, "/orders?customerId=" + customer).bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(hazelcast.getMap(OrderStore.MAP).size()).isEqualTo(ordersBefore + 1);
  }

  private static void assertRefused(HttpResponse<Buffer> refused, String why) {
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.bodyAsJsonObject().getString("title")).isEqualTo("Node recovering from a stall");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains(why);
  }
}
