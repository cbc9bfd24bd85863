package dev.vxplatform.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sku that is only in the table (as after a restart of the whole cluster: nothing is loaded up front) is loaded
 * by its owner on first use, but not by its backup. The first change then reaches a backup that has no record:
 * whatever the backup does, it must end up with what the owner has, or the owner's crash hands its successor wrong
 * stock. A restock is the change that shows it, being the one that is not idempotent.
 */
class BackupReplicaIT {

  private InventoryTesting inventory;

  @AfterEach
  void stop() {
    if (inventory != null) {
      inventory.close();
    }
  }

  @Test
  void aBackupThatNeverHeldTheSkuTakesOverWithTheOwnersStock() throws SQLException {
    inventory = InventoryTesting.start(2, InventoryConfig.forTests());
    String sku = "SKU-ONLY-IN-TABLE-" + UUID.randomUUID();
    inventory.sql("INSERT INTO inventory.stock (sku, initial, restocked, available, reserved, sold, pruned_sold,"
        + " last_prune_at) VALUES ('" + sku + "', 100, 0, 100, 0, 0, 0, 0)");

    Response restocked = inventory.http(HttpMethod.POST, inventory.port(0), "/stock/" + sku + "/restock",
        new JsonObject().put("qty", 10));
    assertThat(restocked.status()).as("%s", restocked).isEqualTo(200);
    assertThat(available(inventory.port(0), sku)).isEqualTo(110);

    int survivorPort = inventory.port(inventory.crashOwnerOf(sku));

    assertThat(available(survivorPort, sku)).as("available units after the owner's crash").isEqualTo(110);
  }

  private long available(int port, String sku) {
    Response stock = inventory.get(port, "/stock/" + sku);
    assertThat(stock.status()).as("%s", stock).isEqualTo(200);
    return stock.json().getLong("available");
  }
}
