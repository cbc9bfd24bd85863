package dev.vxplatform.inventory.api;

import io.vertx.core.json.JsonObject;

/** A successful answer of an operation: the HTTP status its HTTP twin answers, and the body both twins send. */
public record Reply(int status, JsonObject body) {

  public static Reply ok(JsonObject body) {
    return new Reply(200, body);
  }

  public static Reply created(JsonObject body) {
    return new Reply(201, body);
  }
}
