package dev.vxplatform.inventory.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the tables hold after each kind of stock write is what the record in memory holds: a hold that also prunes
 * finished holds (counters, prune and hold in one statement), a release, and the unhold of a rejected
 * multi-sku reservation (the hold's row now its tombstone: state NONE, no units, until pruned).
 */
class StockTablesIT {

  private static InventoryTesting inventory;
  private static int port;

  @BeforeAll
  static void start() {
    inventory = InventoryTesting.start(1, InventoryConfig.forTests());
    port = inventory.port(0);
  }

  @AfterAll
  static void stop() {
    inventory.close();
  }

  @Test
  void everyKindOfWriteLeavesTheTablesAsTheRecordInMemory() throws SQLException {
    String sku = "SKU-TABLES-" + UUID.randomUUID();
    long longAgo = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(30);
    // 100 units: 3 held by "kept", 2 sold to a hold that finished long ago; one more released long ago. The
    // record has never been pruned (last_prune_at 0), so its next change prunes both finished holds.
    inventory.sql("INSERT INTO inventory.stock (sku, initial, restocked, available, reserved, sold, pruned_sold,"
        + " last_prune_at) VALUES ('" + sku + "', 100, 0, 95, 3, 2, 0, 0)");
    inventory.sql("INSERT INTO inventory.holds (sku, order_id, qty, state, attempt, changed_at) VALUES"
        + " ('" + sku + "', 'kept', 3, 'RESERVED', 'a0', 0),"
        + " ('" + sku + "', 'sold-long-ago', 2, 'COMMITTED', 'a1', " + longAgo + "),"
        + " ('" + sku + "', 'released-long-ago', 4, 'RELEASED', 'a2', " + longAgo + ")");

    String released = "released-" + UUID.randomUUID();
    assertThat(reserve(released, sku, 5)).isEqualTo(201);
    assertTablesMatchMemory(sku, Map.of("kept", "RESERVED", released, "RESERVED"));

    assertThat(inventory.http(HttpMethod.DELETE, port, "/reservations/" + released, null).status()).isEqualTo(200);
    assertTablesMatchMemory(sku, Map.of("kept", "RESERVED", released, "RELEASED"));

    String soldOut = "SKU-SOLD-OUT-" + UUID.randomUUID();
    inventory.sql("INSERT INTO inventory.stock (sku, initial, restocked, available, reserved, sold, pruned_sold,"
        + " last_prune_at) VALUES ('" + soldOut + "', 0, 0, 0, 0, 0, 0, 0)");
    String rejected = "rejected-" + UUID.randomUUID();
    assertThat(reserve(rejected, sku, 1, soldOut, 1)).isEqualTo(409);
    assertTablesMatchMemory(sku, Map.of("kept", "RESERVED", released, "RELEASED", rejected, "NONE"));
  }

  private static int reserve(String orderId, Object... skuAndQty) {
    return inventory.http(HttpMethod.POST, port, "/reservations", InventoryTesting.reservation(orderId, skuAndQty))
        .status();
  }

  private static void assertTablesMatchMemory(String sku, Map<String, String> holdStates) throws SQLException {
    JsonObject inMemory = inventory.get(port, "/stock/" + sku).json();
    try (Connection connection = inventory.connectToDatabase(); Statement sql = connection.createStatement()) {
      try (ResultSet row = sql.executeQuery("SELECT available, reserved, sold FROM inventory.stock"
          + " WHERE sku = '" + sku + "'")) {
        assertThat(row.next()).isTrue();
        assertThat(new JsonObject().put("sku", sku).put("available", row.getLong(1)).put("reserved", row.getLong(2))
            .put("sold", row.getLong(3))).isEqualTo(inMemory);
      }
      Map<String, String> rows = new TreeMap<>();
      try (ResultSet holds = sql.executeQuery("SELECT order_id, state FROM inventory.holds WHERE sku = '" + sku
          + "'")) {
        while (holds.next()) {
          rows.put(holds.getString(1), holds.getString(2));
        }
      }
      assertThat(rows).isEqualTo(new TreeMap<>(holdStates));
    }
  }
}
