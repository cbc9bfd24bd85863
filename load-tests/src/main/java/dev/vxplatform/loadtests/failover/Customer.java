package dev.vxplatform.loadtests.failover;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One client of the workload: a request at a time, chosen at random — place an order (45 %), read a product
 * (25 %), read one of its orders (10 %) or list a customer's orders (5 %), cancel (8 %) or complete (7 %) one of
 * its confirmed orders. Each placement uses a fresh {@code Idempotency-Key} and a customer id of its own, so the
 * orders stored for that customer are exactly the orders that key created.
 */
final class Customer {

  private final int client;
  private final String runId;
  private final List<String> skus;
  private final Requests requests;
  private final Random random;
  private final List<KnownOrder> orders = new ArrayList<>();
  private int sequence;

  /** An order this client learnt about from an answer, with the last status an answer showed. */
  private static final class KnownOrder {
    final String id;
    final String customerId;
    String status;
    boolean uncertain; // a request on it got no answer: the client leaves it alone from then on

    KnownOrder(String id, String customerId, String status) {
      this.id = id;
      this.customerId = customerId;
      this.status = status;
    }
  }

  Customer(int client, String runId, List<String> skus, Requests requests, long seed) {
    this.client = client;
    this.runId = runId;
    this.skus = List.copyOf(skus);
    this.requests = requests;
    this.random = new Random(seed);
  }

  Future<Op> step() {
    int dice = random.nextInt(100);
    List<KnownOrder> confirmed = orders.stream().filter(o -> "CONFIRMED".equals(o.status) && !o.uncertain).toList();
    if (dice < 45 || orders.isEmpty()) {
      return place();
    } else if (dice < 70) {
      String sku = skus.get(random.nextInt(skus.size()));
      return requests.read(client, Action.GET_PRODUCT, "/api/products/" + sku, null, null, sku);
    } else if (dice < 80) {
      KnownOrder order = orders.get(random.nextInt(orders.size()));
      return requests.read(client, Action.GET_ORDER, "/api/orders/" + order.id, order.id, order.customerId, null);
    } else if (dice < 85) {
      KnownOrder order = orders.get(random.nextInt(orders.size()));
      return requests.read(client, Action.LIST_ORDERS, "/api/orders?customerId=" + order.customerId + "&limit=10",
          null, order.customerId, null);
    } else if (confirmed.isEmpty()) {
      return place();
    }
    KnownOrder order = confirmed.get(random.nextInt(confirmed.size()));
    Action action = dice < 93 ? Action.CANCEL : Action.COMPLETE;
    String path = "/api/orders/" + order.id + (action == Action.CANCEL ? "/cancel" : "/complete");
    return requests.keyed(client, action, path, null, nextKey(), order.id, order.customerId, Map.of())
        .onSuccess(op -> {
          if (op.ok()) {
            order.status = op.orderStatus();
          } else {
            order.uncertain = true;
          }
        });
  }

  private Future<Op> place() {
    String key = nextKey();
    String customerId = "cust-" + key;
    Map<String, Integer> items = new LinkedHashMap<>();
    int lines = 1 + random.nextInt(2);
    while (items.size() < lines) {
      items.put(skus.get(random.nextInt(skus.size())), 1 + random.nextInt(3));
    }
    JsonArray itemsJson = new JsonArray();
    items.forEach((sku, qty) -> itemsJson.add(new JsonObject().put("sku", sku).put("qty", qty)));
    JsonObject body = new JsonObject().put("customerId", customerId).put("items", itemsJson);
    return requests.keyed(client, Action.PLACE, "/api/orders", body, key, null, customerId, items)
        .onSuccess(op -> {
          if (op.ok() && op.orderId() != null) {
            orders.add(new KnownOrder(op.orderId(), customerId, op.status() == 201 ? "CONFIRMED" : "REJECTED"));
          }
        });
  }

  private String nextKey() {
    return runId + "-c" + client + "-" + (++sequence);
  }

  /** The recorded requests a customer makes: reads without client retries, keyed POSTs with them. */
  interface Requests {
    Future<Op> read(int client, Action action, String path, String orderId, String customerId, String sku);

    Future<Op> keyed(int client, Action action, String path, JsonObject body, String key, String orderId,
        String customerId, Map<String, Integer> items);

    /** For callers that need it (restocks): one attempt, recorded. */
    Future<Op> once(int client, Action action, HttpMethod method, String path, JsonObject body, String sku, int qty);
  }
}
