package dev.vxplatform.loadtests.failover;

import io.vertx.core.json.JsonObject;

/**
 * One HTTP exchange with the gateway, as the client saw it.
 *
 * @param status  the HTTP status, 0 when no response came (connect failure, reset, client timeout)
 * @param error   what went wrong without a response, or what an error status said; else {@code null}
 * @param orderId the order id the answer named ({@code id} of an order, {@code orderId} of a problem), or null
 */
record Attempt(long startMs, long endMs, int status, String error, String orderId) {

  /** A failed exchange: no answer, or a server-side error the client may see during a fault. */
  boolean failed() {
    return status == 0 || status >= 500;
  }

  /** A write refused by a node whose side of a split has no majority (503 {@code Cluster minority}). */
  boolean refusedAsMinority() {
    return status == 503 && error != null && error.startsWith("Cluster minority");
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("start", startMs).put("end", endMs).put("status", status);
    if (error != null) {
      json.put("error", error);
    }
    if (orderId != null) {
      json.put("orderId", orderId);
    }
    return json;
  }

  static Attempt fromJson(JsonObject json) {
    return new Attempt(json.getLong("start"), json.getLong("end"), json.getInteger("status"),
        json.getString("error"), json.getString("orderId"));
  }
}
