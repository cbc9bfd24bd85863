package dev.vxplatform.order.inventory;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.clusterSafe;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.order.testing.RealInventory;
import dev.vxplatform.shared.cluster.ClusterConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real inventory's only node is killed (Hazelcast terminated, no goodbye): orders answer 503 (within the
 * timeout plus Hazelcast's own failover of the order partitions that node held, then fast) and stay PENDING; inventory comes back on another node with its stock intact (synchronous
 * backups), the reconciler resolves the PENDING orders, and the audit is ok.
 */
class InventoryCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(InventoryCrashIT.class);
  private static final long TIMEOUT_MILLIS = OrderCluster.FAST_INVENTORY.timeoutMillis();
  private static final Duration DETECTION = Duration.ofSeconds(ClusterConfig.DEFAULT_MAX_NO_HEARTBEAT_SECONDS);
  private static OrderCluster cluster;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(3);
    cluster.deployOrdersOn(OrderCluster.fastConfig(), LeadershipListener.logging(), List.of(0, 1));
    cluster.deployRealInventory(2);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void ordersAnswer503WhileInventoryIsDeadAndAreResolvedWhenItReturns() {
    HttpResponse<Buffer> before = place(0, "SKU-0008", 2);
    assertThat(before.statusCode()).isEqualTo(201);
    int[] stockBefore = RealInventory.stock(cluster.node(0), "SKU-0008");

    cluster.crash(2);
    List<HttpResponse<Buffer>> during = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    placeTimed(0, during, millis);
    placeTimed(1, during, millis);
    // The killed member also owned order partitions: until their backups are promoted, writes wait on
    // Hazelcast's failover, not on inventory. Once the cluster is safe and discovery has dropped the dead
    // inventory (its record's removal can lag: a crash mid-migration holds Hazelcast's repair back 3 s), only
    // inventory's absence is left.
    waitUntil("the partitions are safe again and inventory has left discovery", DETECTION.plusSeconds(5),
        () -> clusterSafe(cluster.node(0))
            && !cluster.orders(0).seesInventory() && !cluster.orders(1).seesInventory());
    placeTimed(0, during, millis);
    placeTimed(1, during, millis);
    LOG.info("inventory dead: answers after {} ms; circuits {} / {}, inventory in discovery {} / {}", millis,
        cluster.orders(0).inventoryCircuit(), cluster.orders(1).inventoryCircuit(),
        cluster.orders(0).seesInventory(), cluster.orders(1).seesInventory());
    assertThat(during).allSatisfy(response -> {
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.getHeader("Retry-After")).isNotNull();
      assertThat(status(response)).isEqualTo("PENDING");
    });
    assertThat(millis.subList(0, 2)).allSatisfy(ms -> assertThat(ms)
        .isLessThan(TIMEOUT_MILLIS + DETECTION.toMillis()));
    assertThat(millis.subList(2, 4)).allSatisfy(ms -> assertThat(ms).isLessThan(TIMEOUT_MILLIS));

    cluster.deployRealInventory(0);
    waitUntil("the reconciler resolved every PENDING order", Duration.ofSeconds(20),
        () -> during.stream().noneMatch(response -> "PENDING".equals(status(response))));

    assertThat(during).allSatisfy(response -> assertThat(status(response)).isEqualTo("REJECTED"));
    assertThat(status(before)).isEqualTo("CONFIRMED");
    assertThat(RealInventory.reservation(cluster.node(1), before.bodyAsJsonObject().getString("id")))
        .isEqualTo("RESERVED");
    assertThat(RealInventory.stock(cluster.node(1), "SKU-0008")).containsExactly(stockBefore);
    JsonObject audit = RealInventory.audit(cluster.node(1));
    assertThat(audit.getBoolean("ok")).as("audit %s", audit).isTrue();
    assertThat(place(1, "SKU-0008", 1).statusCode()).isEqualTo(201);
  }

  private static void placeTimed(int node, List<HttpResponse<Buffer>> responses, List<Long> millis) {
    long started = System.nanoTime();
    responses.add(place(node, "SKU-0008", 1));
    millis.add((System.nanoTime() - started) / 1_000_000);
  }

  private static HttpResponse<Buffer> place(int node, String sku, int qty) {
    return cluster.post(node, "/orders", order("c-" + UUID.randomUUID(), Map.of(sku, qty)), Map.of());
  }

  private static String status(HttpResponse<Buffer> placed) {
    String id = placed.statusCode() == 201 ? placed.bodyAsJsonObject().getString("id")
        : placed.bodyAsJsonObject().getString("orderId");
    return cluster.get(0, "/orders/" + id).bodyAsJsonObject().getString("status");
  }
}
