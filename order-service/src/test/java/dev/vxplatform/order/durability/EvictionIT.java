package dev.vxplatform.order.durability;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With room for a handful of orders in memory per member, most orders live only in the database: they are read,
 * listed, cancelled and completed as if nothing had happened, and their keys still replay.
 */
class EvictionIT {

  private static final int IN_MEMORY_PER_NODE = 2;
  private static final int ORDERS = 30;
  private static OrderCluster cluster;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(2);
    cluster.deployOrders(OrderCluster.fastConfig().withMaxEntriesPerNode(IN_MEMORY_PER_NODE), LeadershipListener.logging());
    cluster.deployRealInventory(0);
    cluster.deployRealInventory(1);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void anEvictedOrderIsServedCancelledAndCompleted() {
    String customer = "c-" + UUID.randomUUID();
    List<String> ids = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      String key = UUID.randomUUID().toString();
      HttpResponse<Buffer> placed = cluster.post(i % 2, "/orders", order(customer, Map.of("SKU-0001", 1)),
          Map.of("Idempotency-Key", key));
      assertThat(placed.statusCode()).isEqualTo(201);
      ids.add(placed.bodyAsJsonObject().getString("id"));
      keys.add(key);
    }
    assertThat(cluster.rows("SELECT count(*) FROM " + OrderStore.TABLE + " WHERE customer_id = '" + customer + "'"))
        .isEqualTo(ORDERS);
    // The size bound is per member, and Hazelcast applies it per partition: with hundreds of partitions, thirty
    // orders rarely share one. Evicting them all shows the same thing for every order.
    evictAll();
    assertThat(inMemory()).as("orders held in memory by all members").isZero();

    for (int i = 0; i < ORDERS; i++) {
      HttpResponse<Buffer> read = cluster.get(1 - i % 2, "/orders/" + ids.get(i));
      assertThat(read.statusCode()).as("GET of order %d", i).isEqualTo(200);
      assertThat(read.bodyAsJsonObject().getString("status")).isEqualTo("CONFIRMED");
    }
    for (int i = 0; i < ORDERS; i++) {
      String action = i % 2 == 0 ? "cancel" : "complete";
      HttpResponse<Buffer> changed = cluster.post(i % 2, "/orders/" + ids.get(i) + "/" + action, null, Map.of());
      assertThat(changed.statusCode()).as("%s of order %d", action, i).isEqualTo(200);
      assertThat(changed.bodyAsJsonObject().getString("status")).isEqualTo(i % 2 == 0 ? "CANCELLED" : "COMPLETED");
    }
    HttpResponse<Buffer> replay = cluster.post(0, "/orders", order(customer, Map.of("SKU-0001", 1)),
        Map.of("Idempotency-Key", keys.get(0)));
    assertThat(replay.bodyAsJsonObject().getString("id")).isEqualTo(ids.get(0));
    HttpResponse<Buffer> page = cluster.get(0, "/orders?customerId=" + customer + "&limit=100");
    assertThat(page.bodyAsJsonObject().getJsonArray("items")).hasSize(ORDERS);
  }

  private static void evictAll() {
    ClusterMembership.of(cluster.node(0)).hazelcast().getMap(OrderStore.MAP).evictAll();
  }

  private static long inMemory() {
    long entries = 0;
    for (int node = 0; node < 2; node++) {
      Vertx vertx = cluster.node(node);
      IMap<String, ?> orders = ClusterMembership.of(vertx).hazelcast().getMap(OrderStore.MAP);
      entries += orders.getLocalMapStats().getOwnedEntryCount();
    }
    return entries;
  }
}
