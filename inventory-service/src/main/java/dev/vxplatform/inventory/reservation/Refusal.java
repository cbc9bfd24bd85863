package dev.vxplatform.inventory.reservation;

import dev.vxplatform.shared.contract.stock.StockOutcome;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Why the holds of one attempt cannot all stand, as the problem the caller gets; null when they can. */
final class Refusal {

  private Refusal() {
  }

  /** In order of precedence: the store failed (503), a sku is unknown (404), released (409), short (409). */
  static ProblemException of(ReservationRequest request, List<String> skus, List<Future<StockOutcome>> holds) {
    for (Future<StockOutcome> hold : holds) {
      if (hold.failed()) {
        return hold.cause() instanceof ProblemException problem ? problem
            : new ProblemException(503, "Stock unavailable", "a hold failed: " + hold.cause().getMessage());
      }
    }
    List<String> unknown = new ArrayList<>();
    JsonArray shortLines = new JsonArray();
    boolean released = false;
    for (int i = 0; i < skus.size(); i++) {
      StockOutcome outcome = holds.get(i).result();
      String sku = skus.get(i);
      switch (outcome.result()) {
        case UNKNOWN_SKU -> unknown.add(sku);
        case REFUSED -> released = true;
        case SHORT -> shortLines.add(new JsonObject()
            .put("sku", sku)
            .put("requested", request.items().get(sku))
            .put("available", outcome.available()));
        default -> {
        }
      }
    }
    if (!unknown.isEmpty()) {
      return Reservations.unknownSkus(request.orderId(), unknown);
    }
    if (released) {
      return Reservations.released(request.orderId());
    }
    if (!shortLines.isEmpty()) {
      List<String> names = shortLines.stream().map(line -> ((JsonObject) line).getString("sku")).toList();
      return new ProblemException(409, "Insufficient stock", "order " + request.orderId()
          + ": not enough stock for " + String.join(", ", names),
          new JsonObject().put("orderId", request.orderId()).put("short", shortLines));
    }
    return null;
  }
}
