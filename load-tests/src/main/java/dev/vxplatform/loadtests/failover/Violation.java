package dev.vxplatform.loadtests.failover;

import io.vertx.core.json.JsonObject;

/** A broken promise: which invariant, about what (an order, a key, a sku, a node), and the evidence. */
record Violation(String invariant, String subject, String detail) {

  JsonObject toJson() {
    return new JsonObject().put("invariant", invariant).put("subject", subject).put("detail", detail);
  }

  @Override
  public String toString() {
    return invariant + " [" + subject + "]: " + detail;
  }
}
