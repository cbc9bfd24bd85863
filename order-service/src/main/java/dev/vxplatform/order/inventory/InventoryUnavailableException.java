package dev.vxplatform.order.inventory;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonObject;

/** Inventory did not answer (no instance, timeout, open circuit, its own failure): 503 with {@code Retry-After}. */
public class InventoryUnavailableException extends ProblemException {

  private final long retryAfterSeconds;

  public InventoryUnavailableException(String detail, long retryAfterSeconds) {
    super(503, "Inventory unavailable", detail, new JsonObject().put("retryAfterSeconds", retryAfterSeconds));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
