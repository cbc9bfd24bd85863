package dev.vxplatform.order.inventory;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Inventory answered and said no (400 invalid, 404 unknown sku or reservation, 409 insufficient stock or an
 * illegal transition). Carries inventory's problem body, e.g. {@code short: [{sku, requested, available}]}.
 */
public class InventoryRejectedException extends ProblemException {

  private final JsonObject problem;

  public InventoryRejectedException(int status, JsonObject problem) {
    super(status, problem.getString("title", "Rejected by inventory"),
        problem.getString("detail", "inventory answered " + status), new JsonObject());
    this.problem = problem;
  }

  /** Inventory's problem body as it sent it. */
  public JsonObject problem() {
    return problem.copy();
  }

  /** The short skus of a 409 on reserve, or {@code null} when the rejection was for another reason. */
  public JsonArray shortItems() {
    return problem.getValue("short") instanceof JsonArray items ? items.copy() : null;
  }
}
