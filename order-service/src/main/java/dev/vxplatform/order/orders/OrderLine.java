package dev.vxplatform.order.orders;

import io.vertx.core.json.JsonObject;

/** One line of an order: {@code qty} units of {@code sku}. */
public record OrderLine(String sku, int qty) {

  public JsonObject toJson() {
    return new JsonObject().put("sku", sku).put("qty", qty);
  }

  static OrderLine fromJson(JsonObject json) {
    return new OrderLine(json.getString("sku"), json.getInteger("qty"));
  }
}
