package dev.vxplatform.order.inventory;

import dev.vxplatform.shared.contract.InventoryContract;
import dev.vxplatform.shared.discovery.InstanceView;
import dev.vxplatform.shared.web.Problems;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order-service's side of {@link InventoryContract}: event-bus request-reply behind a circuit breaker.
 *
 * <p>Inventory is found through discovery: with no {@code inventory-service} event-bus record in the view the
 * call fails at once. A business answer (400/404/409) is a successful call as far as the breaker is concerned —
 * inventory is healthy, it said no — and surfaces as {@link InventoryRejectedException}. Timeouts, missing
 * handlers and inventory's own 5xx count as failures; after {@code maxFailures} of them in a row the circuit
 * opens and calls fail fast for {@code resetMillis}. Both surface as {@link InventoryUnavailableException}.
 */
public final class InventoryClient {

  private static final Logger LOG = LoggerFactory.getLogger(InventoryClient.class);
  /** The event-bus timeout fires first; the breaker's own timeout only guards against a lost timer. */
  private static final long BREAKER_GRACE_MILLIS = 500;

  private final Vertx vertx;
  private final InstanceView view;
  private final InventoryClientOptions options;
  private final CircuitBreaker breaker;
  private final DeliveryOptions delivery;

  /** What inventory answered: a body, or a business rejection (a success for the breaker). */
  private record Answer(JsonObject body, InventoryRejectedException rejection) {
    Future<JsonObject> toFuture() {
      return rejection == null ? Future.succeededFuture(body) : Future.failedFuture(rejection);
    }
  }

  public InventoryClient(Vertx vertx, InstanceView view, InventoryClientOptions options, String name) {
    this.vertx = vertx;
    this.view = view;
    this.options = options;
    this.delivery = new DeliveryOptions().setSendTimeout(options.timeoutMillis());
    this.breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
            .setTimeout(options.timeoutMillis() + BREAKER_GRACE_MILLIS)
            .setMaxFailures(options.maxFailures())
            .setResetTimeout(options.resetMillis())
            .setMaxRetries(0)
            .setNotificationAddress(null))
        .openHandler(v -> LOG.warn("Circuit {} to inventory opened: failing fast for {} ms", name,
            options.resetMillis()))
        .halfOpenHandler(v -> LOG.info("Circuit {} to inventory half-open: trying one call", name))
        .closeHandler(v -> LOG.info("Circuit {} to inventory closed", name));
  }

  public Future<JsonObject> reserve(String orderId, JsonArray items) {
    return call(InventoryContract.RESERVE, new JsonObject().put("orderId", orderId).put("items", items));
  }

  public Future<JsonObject> release(String orderId) {
    return call(InventoryContract.RELEASE, new JsonObject().put("orderId", orderId));
  }

  public Future<JsonObject> commit(String orderId) {
    return call(InventoryContract.COMMIT, new JsonObject().put("orderId", orderId));
  }

  public Future<JsonObject> reservation(String orderId) {
    return call(InventoryContract.GET_RESERVATION, new JsonObject().put("orderId", orderId));
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  public void close() {
    breaker.close();
  }

  private Future<JsonObject> call(String address, JsonObject body) {
    if (view.instances(InventoryContract.SERVICE).stream().allMatch(instance -> instance.isHttp())) {
      return Future.failedFuture(new InventoryUnavailableException(
          "no " + InventoryContract.SERVICE + " event-bus service in discovery", options.retryAfterSeconds()));
    }
    return breaker.<Answer>execute(() -> vertx.eventBus().<JsonObject>request(address, body, delivery)
            .map(reply -> new Answer(reply.body(), null))
            .recover(InventoryClient::businessAnswer))
        .recover(failure -> Future.failedFuture(
            new InventoryUnavailableException(describe(failure), options.retryAfterSeconds())))
        .compose(Answer::toFuture);
  }

  /** A 4xx from inventory is an answer, not a failure of inventory: keep it out of the breaker's count. */
  private static Future<Answer> businessAnswer(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && reply.failureCode() >= 400 && reply.failureCode() < 500) {
      return Future.succeededFuture(new Answer(null,
          new InventoryRejectedException(reply.failureCode(), problemOf(reply))));
    }
    return Future.failedFuture(failure);
  }

  private static JsonObject problemOf(ReplyException reply) {
    try {
      return new JsonObject(reply.getMessage());
    } catch (DecodeException | NullPointerException e) {
      return Problems.body(reply.failureCode(), "Rejected by inventory", String.valueOf(reply.getMessage()));
    }
  }

  private String describe(Throwable failure) {
    if (failure instanceof OpenCircuitException) {
      return "the circuit to inventory is open after repeated failures; failing fast";
    }
    if (failure instanceof TimeoutException) {
      return "inventory did not answer within " + options.timeoutMillis() + " ms";
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case TIMEOUT -> "inventory did not answer within " + options.timeoutMillis() + " ms";
        case NO_HANDLERS -> "no inventory handler is registered on the event bus";
        default -> "inventory failed (" + reply.failureCode() + ")";
      };
    }
    return "inventory call failed: " + failure;
  }
}
