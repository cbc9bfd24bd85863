package dev.vxplatform.order.orders;

import dev.vxplatform.order.idempotency.Outcome;
import dev.vxplatform.shared.web.Problems;
import io.vertx.core.json.JsonObject;

/** The answer to {@code POST /orders} for an order in a given status. */
final class OrderOutcomes {

  private OrderOutcomes() {
  }

  /** 201 with the order, 409 for a rejection (with the short skus), 503 while it is still PENDING. */
  static Outcome of(Order order, String pendingDetail, long retryAfterSeconds) {
    return switch (order.status()) {
      case PENDING -> pending(order, pendingDetail, retryAfterSeconds);
      case REJECTED -> rejected(order);
      default -> Outcome.json(201, order.toJson()).withHeader("Location", "/orders/" + order.id());
    };
  }

  private static Outcome pending(Order order, String detail, long retryAfterSeconds) {
    JsonObject problem = Problems.body(503, "Inventory unavailable", detail + "; order " + order.id()
            + " stays PENDING and is resolved by the reconciler, or by a retry with the same Idempotency-Key")
        .put("orderId", order.id())
        .put("orderStatus", order.status().name())
        .put("retryAfterSeconds", retryAfterSeconds);
    return Outcome.json(503, problem).withHeader(Outcome.RETRY_AFTER, retryAfterSeconds);
  }

  private static Outcome rejected(Order order) {
    JsonObject problem = Problems.body(409, "Order rejected", order.reason())
        .put("orderId", order.id())
        .put("orderStatus", order.status().name());
    if (order.shortItems() != null) {
      problem.put("short", order.shortItems().copy());
    }
    return Outcome.json(409, problem).withHeader("Location", "/orders/" + order.id());
  }
}
