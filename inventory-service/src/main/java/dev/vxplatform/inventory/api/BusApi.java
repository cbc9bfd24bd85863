package dev.vxplatform.inventory.api;

import dev.vxplatform.shared.web.ProblemException;
import dev.vxplatform.shared.web.Problems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-bus request-reply API: one consumer per {@code InventoryContract} address. A failure replies with
 * {@code fail(status, problem+json)}: the status the HTTP twin would answer, the body it would send.
 */
public final class BusApi {

  static final int REGISTER_ATTEMPTS = 4;
  static final long REGISTER_BACKOFF_MILLIS = 500;
  private static final Logger LOG = LoggerFactory.getLogger(BusApi.class);

  private BusApi() {
  }

  /** Completes once every consumer is registered cluster-wide, so it is safe to publish the service then. */
  public static Future<Void> register(Vertx vertx, Map<String, Operation> operations) {
    List<Future<Void>> registered = new ArrayList<>();
    operations.forEach((address, operation) -> registered.add(register(vertx, address, operation, 1)));
    return Future.all(registered).mapEmpty();
  }

  /**
   * A registration is a write to the cluster's subscription map; with {@code fail.on.indeterminate.state} it
   * fails when a backup does not acknowledge in time (a member stalled by load). Registering again is safe.
   */
  private static Future<Void> register(Vertx vertx, String address, Operation operation, int attempt) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, message -> handle(address, operation,
        message));
    return consumer.completion().recover(failure -> {
      if (attempt >= REGISTER_ATTEMPTS) {
        return Future.failedFuture(failure);
      }
      LOG.warn("Registering the consumer of {} failed ({}); registering again", address, failure.toString());
      return consumer.unregister().otherwiseEmpty()
          .compose(v -> vertx.timer(REGISTER_BACKOFF_MILLIS * attempt))
          .compose(v -> register(vertx, address, operation, attempt + 1));
    });
  }

  private static void handle(String address, Operation operation, Message<Object> message) {
    Future.succeededFuture(message.body())
        .compose(body -> body instanceof JsonObject input ? operation.handle(input)
            : Future.failedFuture(ProblemException.badRequest("the message body must be a JSON object")))
        .onSuccess(reply -> message.reply(reply.body()))
        .onFailure(failure -> {
          if (failure instanceof ProblemException problem) {
            message.fail(problem.status(), problem.toJson().encode());
          } else {
            LOG.error("Unhandled failure on {}", address, failure);
            message.fail(500, Problems.body(500, "Internal error",
                "the server failed to handle the request; see its log").encode());
          }
        });
  }
}
