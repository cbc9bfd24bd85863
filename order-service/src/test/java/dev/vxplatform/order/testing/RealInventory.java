package dev.vxplatform.order.testing;

import static dev.vxplatform.shared.testing.TestCluster.await;

import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryVerticle;
import dev.vxplatform.shared.contract.InventoryContract;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The real inventory-service verticle in a test cluster, and event-bus shortcuts to its contract: stock,
 * reservations, the conservation audit. Seeded with the bundled catalog (SKU-0001 … SKU-0010).
 */
public final class RealInventory {

  private RealInventory() {
  }

  /** Deploys inventory on {@code node}; answers the deployment id. */
  public static String deploy(Vertx node) {
    return await(node.deployVerticle(new InventoryVerticle(InventoryConfig.forTests())));
  }

  /** {@code {ok, skus:[...]}}: conservation per sku. */
  public static JsonObject audit(Vertx via) {
    return call(via, InventoryContract.AUDIT, new JsonObject());
  }

  /** {available, reserved, sold} of a sku. */
  public static int[] stock(Vertx via, String sku) {
    JsonObject stock = call(via, InventoryContract.GET_STOCK, new JsonObject().put("sku", sku));
    return new int[] {stock.getInteger("available"), stock.getInteger("reserved"), stock.getInteger("sold")};
  }

  public static void restock(Vertx via, String sku, int qty) {
    call(via, InventoryContract.RESTOCK, new JsonObject().put("sku", sku).put("qty", qty));
  }

  /** The overall state of an order's reservation: NONE, PENDING, RESERVED, COMMITTED or RELEASED. */
  public static String reservation(Vertx via, String orderId) {
    return call(via, InventoryContract.GET_RESERVATION, new JsonObject().put("orderId", orderId)).getString("state");
  }

  /** Reserves directly, as if an order-service request had reached inventory and then lost its reply. */
  public static void reserve(Vertx via, String orderId, Map<String, Integer> items) {
    JsonArray lines = new JsonArray();
    items.forEach((sku, qty) -> lines.add(new JsonObject().put("sku", sku).put("qty", qty)));
    call(via, InventoryContract.RESERVE, new JsonObject().put("orderId", orderId).put("items", lines));
  }

  private static JsonObject call(Vertx via, String address, JsonObject body) {
    Message<JsonObject> reply = await(via.eventBus().request(address, body));
    return reply.body();
  }
}
