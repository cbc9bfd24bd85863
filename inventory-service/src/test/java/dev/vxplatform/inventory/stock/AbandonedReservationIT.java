package dev.vxplatform.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.contract.stock.ReservationMutation;
import dev.vxplatform.shared.contract.stock.ReservationRecord;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockOutcome;
import dev.vxplatform.shared.contract.stock.StockRecord;
import dev.vxplatform.shared.contract.stock.StockResult;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reservations whose coordinator died half-way (simulated by writing its state directly): they read as
 * PENDING while the attempt's lease runs and ABANDONED after it, cannot be committed, are taken over by a retry after the lease without holding twice, and can be
 * released.
 */
class AbandonedReservationIT {

  private static final long LEASE_MILLIS = 500;
  private static InventoryTesting inventory;
  private static HazelcastInstance hazelcast;
  private static int port;

  @BeforeAll
  static void start() {
    inventory = InventoryTesting.start(1, InventoryConfig.forTests().withReservationLease(LEASE_MILLIS));
    hazelcast = ClusterMembership.of(inventory.node(0)).hazelcast();
    port = inventory.port(0);
  }

  @AfterAll
  static void stop() {
    inventory.close();
  }

  /** What a coordinator leaves behind when it dies after its first hold: the order begun, one sku held. */
  private static String abandon(String sku, long qty, long since) {
    String order = "abandoned-" + UUID.randomUUID();
    hazelcast.<String, ReservationRecord>getMap(StockMaps.RESERVATIONS).executeOnKey(order,
        ReservationMutation.begin(Map.of(sku, qty), "dead-attempt", since, LEASE_MILLIS));
    stock().executeOnKey(sku, StockMutation.hold(order, "dead-attempt", since, qty, false));
    return order;
  }

  @Test
  void aRetryAfterTheLeaseTakesOverAndAdoptsTheHoldsItFinds() {
    String sku = sku(10);
    String order = abandon(sku, 3, System.currentTimeMillis() - 2 * LEASE_MILLIS);
    assertThat(inventory.get(port, "/reservations/" + order).json().getString("state")).isEqualTo("ABANDONED");
    Response commit = inventory.http(HttpMethod.POST, port, "/reservations/" + order + "/commit", null);
    assertThat(commit.status()).isEqualTo(409);
    assertThat(commit.json().getString("detail")).contains("still being reserved");

    Response retried = inventory.http(HttpMethod.POST, port, "/reservations", InventoryTesting.reservation(order,
        sku, 3));

    assertThat(retried.status()).isEqualTo(201);
    assertThat(retried.json().getBoolean("changed")).as("the hold existed already").isFalse();
    assertThat(inventory.get(port, "/stock/" + sku).json().getLong("reserved")).isEqualTo(3);
    assertThat(inventory.get(port, "/reservations/" + order).json().getString("state")).isEqualTo("RESERVED");
  }

  @Test
  void aRetryWhileTheOwnerLooksAliveWaitsThenAnswers503AndHoldsNothingMore() {
    String sku = sku(10);
    String order = abandon(sku, 2, Long.MAX_VALUE / 2); // an owner whose lease never runs out
    assertThat(inventory.get(port, "/reservations/" + order).json().getString("state")).isEqualTo("PENDING");

    Response retried = inventory.http(HttpMethod.POST, port, "/reservations", InventoryTesting.reservation(order,
        sku, 2));

    assertThat(retried.status()).isEqualTo(503);
    assertThat(retried.isProblem()).isTrue();
    assertThat(inventory.get(port, "/stock/" + sku).json().getLong("reserved")).isEqualTo(2);
  }

  @Test
  void releasingAPendingReservationGivesItsHoldsBackAndRefusesLateHolds() {
    String sku = sku(10);
    String order = abandon(sku, 4, System.currentTimeMillis());

    Response released = inventory.http(HttpMethod.DELETE, port, "/reservations/" + order, null);
    StockOutcome lateHold = stock().executeOnKey(sku,
        StockMutation.hold(order, "dead-attempt", System.currentTimeMillis(), 4, false));

    assertThat(released.json()).isEqualTo(new JsonObject().put("orderId", order).put("state", "RELEASED")
        .put("changed", true));
    assertThat(lateHold.result()).isEqualTo(StockResult.REFUSED);
    assertThat(inventory.get(port, "/stock/" + sku).json().getLong("available")).isEqualTo(10);
    assertThat(inventory.get(port, "/inventory/audit").json().getBoolean("ok")).isTrue();
  }

  private static IMap<String, StockRecord> stock() {
    return hazelcast.getMap(StockMaps.STOCK);
  }

  private static String sku(long units) {
    String sku = "AB-" + UUID.randomUUID().toString().substring(0, 8);
    inventory.product(port, sku, units);
    return sku;
  }
}
