package dev.vxplatform.inventory.reservation;

import dev.vxplatform.inventory.api.Inputs;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checked {@code {orderId, items:[{sku, qty}]}}. Items are normalised to sku order, so the same reservation
 * sent with its lines in another order is recognised as the same.
 */
record ReservationRequest(String orderId, Map<String, Long> items) {

  ReservationRequest {
    items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
  }

  /** Refuses (400) a missing order id, missing, empty or oversized items, bad quantities and repeated skus. */
  static ReservationRequest parse(JsonObject input, long maxQtyPerLine, int maxLines) {
    String orderId = Inputs.orderId(input);
    Object raw = input.getValue("items");
    if (raw == null) {
      throw ProblemException.badRequest("'items' is required");
    }
    if (!(raw instanceof JsonArray lines)) {
      throw ProblemException.badRequest("'items' must be an array of {sku, qty}");
    }
    if (lines.isEmpty()) {
      throw ProblemException.badRequest("'items' must not be empty");
    }
    if (lines.size() > maxLines) {
      throw ProblemException.badRequest("'items' has " + lines.size() + " lines; at most " + maxLines
          + " are allowed");
    }
    Map<String, Long> items = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!(lines.getValue(i) instanceof JsonObject line)) {
        throw ProblemException.badRequest("items[" + i + "] must be an object {sku, qty}");
      }
      String sku;
      long qty;
      try {
        sku = Inputs.sku(line);
        qty = Inputs.wholeNumber(line, "qty", 1, maxQtyPerLine);
      } catch (ProblemException e) {
        throw ProblemException.badRequest("items[" + i + "]: " + e.getMessage());
      }
      if (items.put(sku, qty) != null) {
        throw ProblemException.badRequest("sku " + sku + " appears more than once in 'items'");
      }
    }
    return new ReservationRequest(orderId, items);
  }

  JsonArray itemsJson() {
    JsonArray lines = new JsonArray();
    items.forEach((sku, qty) -> lines.add(new JsonObject().put("sku", sku).put("qty", qty)));
    return lines;
  }
}
