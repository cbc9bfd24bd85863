package dev.vxplatform.inventory.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import dev.vxplatform.shared.contract.stock.StockRecord;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reserved holds untouched for {@link StockRecord#RESERVED_HOLD_WARM_MILLIS} leave memory and stay in the table
 * only. Their orders are still read, committed and released as before, on the owner and, after the owner's crash,
 * on the member that held its backup: the owner reads a cold hold back and hands it to the backups with the change.
 */
class ColdHoldsIT {

  private InventoryTesting inventory;

  @AfterEach
  void stop() {
    if (inventory != null) {
      inventory.close();
    }
  }

  @Test
  void ordersWhoseHoldsLeftMemoryAreReadCommittedAndReleasedOnTheOwnerAndAfterItsCrash() throws SQLException {
    inventory = InventoryTesting.start(2, InventoryConfig.forTests());
    String sku = "SKU-COLD-" + UUID.randomUUID();
    String sold = "sold-" + UUID.randomUUID();
    String released = "released-" + UUID.randomUUID();
    long longAgo = System.currentTimeMillis() - 2 * StockRecord.RESERVED_HOLD_WARM_MILLIS;
    // Two orders placed long ago hold 3 and 7 of 100 units; the sku was never pruned, so its next change is a prune.
    inventory.sql("INSERT INTO inventory.stock (sku, initial, restocked, available, reserved, sold, pruned_sold,"
        + " last_prune_at) VALUES ('" + sku + "', 100, 0, 90, 10, 0, 0, 0)");
    inventory.sql("INSERT INTO inventory.holds (sku, order_id, qty, state, attempt, changed_at) VALUES"
        + " ('" + sku + "', '" + sold + "', 3, 'RESERVED', 'a1', " + longAgo + "),"
        + " ('" + sku + "', '" + released + "', 7, 'RESERVED', 'a2', " + longAgo + ")");
    inventory.sql("INSERT INTO inventory.reservations (order_id, state, attempt, since, items) VALUES"
        + " ('" + sold + "', 'RESERVED', 'a1', " + longAgo + ", '{\"" + sku + "\": 3}'),"
        + " ('" + released + "', 'RESERVED', 'a2', " + longAgo + ", '{\"" + sku + "\": 7}')");

    Response placed = inventory.http(HttpMethod.POST, inventory.port(0), "/reservations",
        InventoryTesting.reservation("new-" + UUID.randomUUID(), sku, 1));
    assertThat(placed.status()).as("%s", placed).isEqualTo(201);
    assertThat(number("SELECT cold_holds FROM inventory.stock WHERE sku = '" + sku + "'"))
        .as("the two old holds left memory").isEqualTo(2);
    assertThat(number("SELECT cold_reserved FROM inventory.stock WHERE sku = '" + sku + "'")).isEqualTo(10);
    assertThat(number("SELECT count(*) FROM inventory.holds WHERE sku = '" + sku + "' AND state = 'RESERVED'"))
        .as("and stayed in the table").isEqualTo(3);
    assertThat(reservationState(inventory.port(0), sold)).as("a cold hold is read from the table")
        .isEqualTo("RESERVED");

    Response committed = inventory.http(HttpMethod.POST, inventory.port(0), "/reservations/" + sold + "/commit",
        null);
    assertThat(committed.status()).as("%s", committed).isEqualTo(200);
    assertThat(committed.json().getBoolean("changed")).isTrue();
    assertStock(inventory.port(0), sku, 89, 8, 3);

    int survivor = inventory.crashOwnerOf(sku);
    assertStock(inventory.port(survivor), sku, 89, 8, 3);

    Response release = inventory.http(HttpMethod.DELETE, inventory.port(survivor), "/reservations/" + released,
        null);
    assertThat(release.status()).as("%s", release).isEqualTo(200);
    assertThat(release.json().getBoolean("changed")).isTrue();
    assertStock(inventory.port(survivor), sku, 96, 1, 3);
    assertThat(number("SELECT cold_holds FROM inventory.stock WHERE sku = '" + sku + "'")).isZero();
    assertThat(number("SELECT available FROM inventory.stock WHERE sku = '" + sku + "'")).isEqualTo(96);
    assertThat(number("SELECT count(*) FROM inventory.holds WHERE sku = '" + sku + "' AND order_id = '" + sold
        + "' AND state = 'COMMITTED'")).isEqualTo(1);
    assertThat(inventory.get(inventory.port(survivor), "/inventory/audit").json().getBoolean("ok")).isTrue();
  }

  /** Checks the counters and that the audit, which counts cold holds by their sum, balances. */
  private void assertStock(int port, String sku, long available, long reserved, long sold) {
    JsonObject stock = inventory.get(port, "/stock/" + sku).json();
    assertThat(stock).isEqualTo(new JsonObject().put("sku", sku).put("available", available)
        .put("reserved", reserved).put("sold", sold));
    assertThat(inventory.get(port, "/inventory/audit").json().getBoolean("ok")).as("audit").isTrue();
  }

  private String reservationState(int port, String orderId) {
    Response reservation = inventory.get(port, "/reservations/" + orderId);
    assertThat(reservation.status()).as("%s", reservation).isEqualTo(200);
    return reservation.json().getJsonArray("items").getJsonObject(0).getString("state");
  }

  private long number(String query) {
    return inventory.queryNumber(query);
  }
}
