package dev.vxplatform.inventory.durability;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database refuses the write a reservation needs (a check constraint no new hold can meet): the caller gets a
 * 503 problem and nothing changes, in memory or in the tables; once the database takes writes again the same
 * reservation goes through.
 */
class DatabaseRefusalIT {

  private static final String SKU = "SKU-0001";
  private static InventoryTesting inventory;
  private static int port;

  @BeforeAll
  static void start() {
    inventory = InventoryTesting.start(1, InventoryConfig.forTests().withReservationLease(500));
    port = inventory.port(0);
  }

  @AfterAll
  static void stop() {
    inventory.close();
  }

  @Test
  void aRefusedWriteChangesNothingAndTheSameReservationSucceedsLater() throws SQLException {
    String order = "refused-" + UUID.randomUUID();
    JsonObject before = inventory.get(port, "/stock/" + SKU).json();
    inventory.sql("ALTER TABLE inventory.holds ADD CONSTRAINT refuse_new_holds CHECK (false) NOT VALID");
    Response refused;
    try {
      refused = inventory.http(HttpMethod.POST, port, "/reservations", InventoryTesting.reservation(order, SKU, 2));
    } finally {
      inventory.sql("ALTER TABLE inventory.holds DROP CONSTRAINT refuse_new_holds");
    }

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.isProblem()).isTrue();
    assertThat(inventory.get(port, "/stock/" + SKU).json()).isEqualTo(before);
    assertThat(inventory.queryNumber("SELECT count(*) FROM inventory.holds WHERE order_id = '" + order + "'"))
        .isZero();
    assertThat(inventory.get(port, "/inventory/audit").json().getBoolean("ok")).isTrue();

    // The failed attempt owns the order until its lease (500 ms) runs out; then the same request holds once.
    waitUntil("the same reservation succeeds", Duration.ofSeconds(10), () -> inventory.http(HttpMethod.POST, port,
        "/reservations", InventoryTesting.reservation(order, SKU, 2)).status() == 201);
    assertThat(inventory.get(port, "/stock/" + SKU).json().getLong("reserved"))
        .isEqualTo(before.getLong("reserved") + 2);
    assertThat(inventory.queryNumber("SELECT count(*) FROM inventory.holds WHERE order_id = '" + order
        + "' AND state = 'RESERVED'")).isEqualTo(1);
    assertThat(inventory.get(port, "/inventory/audit").json().getBoolean("ok")).isTrue();
  }
}
