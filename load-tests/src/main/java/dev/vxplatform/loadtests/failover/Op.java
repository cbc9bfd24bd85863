package dev.vxplatform.loadtests.failover;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request of the workload with every attempt it took and what it finally saw: an entry of the history.
 *
 * @param key         the {@code Idempotency-Key} (keyed POSTs), else null
 * @param customerId  whose order: every key places for a customer of its own, so a customer's orders are the
 *                    orders of that key
 * @param orderId     the order acted on, or the order the answer named (placements)
 * @param items       sku → qty of a placement, else empty
 * @param sku         the product of a product read or restock, else null
 * @param qty         units of a restock, else 0
 * @param status      the final HTTP status (0: no answer at all)
 * @param orderStatus the order status the final answer showed, or null
 * @param listed      orders a customer listing returned, -1 for other actions
 */
record Op(long seq, int client, Action action, String key, String customerId, String orderId,
    Map<String, Integer> items, String sku, int qty, long startMs, long endMs, List<Attempt> attempts, int status,
    String orderStatus, int listed) {

  Op {
    items = Map.copyOf(items);
    attempts = List.copyOf(attempts);
  }

  /** The platform gave an answer it promises (after the client's retries, for keyed POSTs). */
  boolean ok() {
    return action.answered(status);
  }

  Action.Kind kind() {
    return action.kind();
  }

  long failedAttempts() {
    return attempts.stream().filter(Attempt::failed).count();
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("seq", seq).put("client", client).put("action", action.name())
        .put("start", startMs).put("end", endMs).put("status", status);
    putIfSet(json, "key", key);
    putIfSet(json, "customerId", customerId);
    putIfSet(json, "orderId", orderId);
    putIfSet(json, "sku", sku);
    putIfSet(json, "orderStatus", orderStatus);
    if (!items.isEmpty()) {
      json.put("items", new JsonObject(new LinkedHashMap<>(items)));
    }
    if (qty != 0) {
      json.put("qty", qty);
    }
    if (listed >= 0) {
      json.put("listed", listed);
    }
    return json.put("attempts", new JsonArray(attempts.stream().map(Attempt::toJson).toList()));
  }

  static Op fromJson(JsonObject json) {
    Map<String, Integer> items = new LinkedHashMap<>();
    json.getJsonObject("items", new JsonObject()).forEach(e -> items.put(e.getKey(), ((Number) e.getValue()).intValue()));
    List<Attempt> attempts = json.getJsonArray("attempts", new JsonArray()).stream()
        .map(a -> Attempt.fromJson((JsonObject) a)).toList();
    return new Op(json.getLong("seq"), json.getInteger("client"), Action.valueOf(json.getString("action")),
        json.getString("key"), json.getString("customerId"), json.getString("orderId"), items,
        json.getString("sku"), json.getInteger("qty", 0), json.getLong("start"), json.getLong("end"), attempts,
        json.getInteger("status"), json.getString("orderStatus"), json.getInteger("listed", -1));
  }

  private static void putIfSet(JsonObject json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}
