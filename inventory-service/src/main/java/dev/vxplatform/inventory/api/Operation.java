package dev.vxplatform.inventory.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One inventory operation, shared by its HTTP route and its event-bus address. The input is the event-bus
 * message shape (see {@code InventoryContract}); failures are {@code ProblemException}s.
 */
@FunctionalInterface
public interface Operation {

  Future<Reply> handle(JsonObject input);
}
