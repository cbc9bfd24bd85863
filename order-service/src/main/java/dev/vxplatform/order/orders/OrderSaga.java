package dev.vxplatform.order.orders;

import dev.vxplatform.order.idempotency.Outcome;
import dev.vxplatform.order.inventory.InventoryClient;
import dev.vxplatform.order.inventory.InventoryRejectedException;
import dev.vxplatform.order.inventory.InventoryUnavailableException;
import dev.vxplatform.shared.tracing.Spans;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order saga: store PENDING → reserve in inventory → CONFIRMED, or REJECTED; and the later steps, cancel
 * (release) and complete (commit).
 *
 * <p>Every status change is a compare-and-set, so a request, a cancel and the reconciler may race on one order:
 * the loser re-reads and adapts. In particular, whoever held a reservation and finds the order REJECTED or
 * CANCELLED by someone else releases it, so no reservation outlives its order; the release is owed first
 * ({@link OwedReleases}), so the reconciler retries one that fails. Inventory is idempotent per order
 * id, which makes resuming a PENDING order (a retry, the reconciler) safe.
 */
public final class OrderSaga {

  private static final Logger LOG = LoggerFactory.getLogger(OrderSaga.class);
  private static final int MAX_ATTEMPTS = 3;
  static final String INSUFFICIENT_STOCK = "insufficient stock";
  private static final String RESERVED = "RESERVED";

  private final OrderStore store;
  private final OwedReleases owed;
  private final InventoryClient inventory;
  private final Spans spans;
  private final long retryAfterSeconds;

  /** @param spans each step ({@code order.reserve}, {@code order.confirm}, ...) is a span of the request */
  public OrderSaga(OrderStore store, OwedReleases owed, InventoryClient inventory, Spans spans,
      long retryAfterSeconds) {
    this.store = store;
    this.owed = owed;
    this.inventory = inventory;
    this.spans = spans;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Creates order {@code id} PENDING (or resumes it if it exists) and reserves its stock. */
  public Future<Outcome> place(String id, OrderRequest request) {
    return store.insert(Order.pending(id, request, System.currentTimeMillis()))
        .compose(order -> order.status() == OrderStatus.PENDING ? reserve(order)
            : Future.succeededFuture(outcome(order)));
  }

  /** Reserves the stock of a PENDING order as stored, and settles it. */
  Future<Outcome> resume(Order pending) {
    return reserve(pending);
  }

  /** The answer to placing {@code order}, as it is now. */
  Outcome outcome(Order order) {
    return outcome(order, "");
  }

  /** @param pendingDetail why the order is still PENDING, if it is */
  Outcome outcome(Order order, String pendingDetail) {
    return OrderOutcomes.of(order, pendingDetail, retryAfterSeconds);
  }

  private Future<Outcome> reserve(Order order) {
    return spans.step("order.reserve", order.id(), () -> inventory.reserve(order.id(), order.itemsJson()))
        .compose(reserved -> RESERVED.equals(reserved.getString("state"))
            ? confirm(order, order.moveTo(OrderStatus.CONFIRMED, now()))
            // A repeat for an order inventory already refused answers that refusal's state: nothing is held.
            : reject(order, order.moveTo(OrderStatus.REJECTED, now(), "inventory did not reserve (state "
                + reserved.getString("state") + ")", null)))
        .recover(failure -> {
          if (failure instanceof InventoryRejectedException rejected) {
            return reject(order, order.moveTo(OrderStatus.REJECTED, now(), reasonOf(rejected),
                rejected.shortItems()));
          }
          if (failure instanceof InventoryUnavailableException unavailable) {
            LOG.warn("Order {} stays PENDING: {}", order.id(), unavailable.getMessage());
            return Future.succeededFuture(OrderOutcomes.of(order, unavailable.getMessage(),
                unavailable.retryAfterSeconds()));
          }
          return Future.failedFuture(failure);
        });
  }

  /** Writes {@code confirmed}; if someone else moved the order first, answers with theirs and undoes our hold. */
  private Future<Outcome> confirm(Order current, Order confirmed) {
    return spans.step("order.confirm", current.id(), () -> store.replace(current, confirmed)).compose(won -> won
        ? Future.succeededFuture(OrderOutcomes.of(confirmed, "", retryAfterSeconds))
        : store.get(current.id()).compose(winner -> compensate(winner)
            .map(v -> OrderOutcomes.of(winner, "inventory did not settle the order", retryAfterSeconds))));
  }

  /**
   * Inventory refused the order, so it ends REJECTED; and inventory is told the order is over (a release), because
   * inventory lets a rejected reservation start again: a reservation of this order still on its way (a request whose
   * answer this node stopped waiting for, an attempt superseded mid-way; seen in a network partition) would otherwise
   * hold units for an order that no one will ever complete or cancel.
   */
  private Future<Outcome> reject(Order current, Order rejected) {
    return spans.step("order.reject", current.id(), () -> store.replace(current, rejected)).compose(won -> won
        ? release(rejected).map(v -> OrderOutcomes.of(rejected, "", retryAfterSeconds))
        : store.get(current.id()).map(winner -> OrderOutcomes.of(winner, "inventory did not settle the order",
            retryAfterSeconds)));
  }

  private Future<Void> compensate(Order winner) {
    boolean ended = winner.status() == OrderStatus.REJECTED || winner.status() == OrderStatus.CANCELLED;
    if (!ended) {
      return Future.succeededFuture();
    }
    LOG.info("Order {} became {} while reserving; releasing its reservation", winner.id(), winner.status());
    return release(winner);
  }

  /** Owes the release first, so the reconciler retries one that fails; never fails itself. */
  private Future<Void> release(Order ended) {
    return spans.step("order.release", ended.id(), () -> oweAndRelease(ended));
  }

  private Future<Void> oweAndRelease(Order ended) {
    return owed.owe(ended.id()).transform(owing -> inventory.release(ended.id())
        .compose(released -> owing.succeeded() ? owed.paid(ended.id()) : Future.<Void>succeededFuture())
        .recover(failure -> {
          if (owing.succeeded()) {
            LOG.warn("Order {} is {} and releasing its reservation failed ({}); the reconciler retries it",
                ended.id(), ended.status(), failure.getMessage());
          } else {
            LOG.error("Order {} is {}; releasing its reservation failed ({}) and the release could not be recorded"
                + " as owed ({}): its units stay held", ended.id(), ended.status(), failure.getMessage(),
                owing.cause().getMessage());
          }
          return Future.succeededFuture();
        }));
  }

  /** PENDING or CONFIRMED → CANCELLED, releasing what is held; CANCELLED again is fine; otherwise 409. */
  public Future<Order> cancel(String id) {
    return cancel(id, 1);
  }

  private Future<Order> cancel(String id, int attempt) {
    return existing(id).compose(order -> {
      if (order.status() == OrderStatus.CANCELLED) {
        return Future.succeededFuture(order);
      }
      Order next = order.moveTo(OrderStatus.CANCELLED, now());
      return spans.step("order.cancel", id, () -> inventory.release(id)
              .recover(failure -> Future.failedFuture(refused(failure, order)))
              .compose(released -> "COMMITTED".equals(released.getString("state"))
                  ? Future.failedFuture(new IllegalTransitionException(order, OrderStatus.CANCELLED))
                  : store.replace(order, next)))
          .compose(won -> won ? Future.succeededFuture(next) : retry(id, attempt, this::cancel));
    });
  }

  /** CONFIRMED → COMPLETED, committing the reservation (reserved → sold); COMPLETED again is fine; otherwise 409. */
  public Future<Order> complete(String id) {
    return complete(id, 1);
  }

  private Future<Order> complete(String id, int attempt) {
    return existing(id).compose(order -> {
      if (order.status() == OrderStatus.COMPLETED) {
        return Future.succeededFuture(order);
      }
      Order next = order.moveTo(OrderStatus.COMPLETED, now());
      return spans.step("order.complete", id, () -> inventory.commit(id)
              .recover(failure -> Future.failedFuture(refused(failure, order)))
              .compose(committed -> "COMMITTED".equals(committed.getString("state")) ? store.replace(order, next)
                  : Future.failedFuture(new ProblemException(409, "Refused by inventory", "inventory holds no"
                      + " reservation to commit for order " + id + " (" + committed.getString("state") + ")"))))
          .compose(won -> won ? Future.succeededFuture(next) : retry(id, attempt, this::complete));
    });
  }

  private Future<Order> existing(String id) {
    return store.get(id).compose(order -> order != null ? Future.succeededFuture(order)
        : Future.failedFuture(ProblemException.notFound("no order " + id)));
  }

  private interface Step {
    Future<Order> run(String id, int attempt);
  }

  private static Future<Order> retry(String id, int attempt, Step step) {
    if (attempt >= MAX_ATTEMPTS) {
      return Future.failedFuture(new ProblemException(409, "Conflict", "order " + id
          + " keeps changing concurrently; retry"));
    }
    return step.run(id, attempt + 1);
  }

  /** Inventory saying no to a release or commit is a conflict on this order, not a missing resource. */
  private static Throwable refused(Throwable failure, Order order) {
    if (failure instanceof InventoryRejectedException rejected) {
      return new ProblemException(409, "Refused by inventory", rejected.getMessage(),
          new JsonObject().put("orderId", order.id()).put("orderStatus", order.status().name())
              .put("inventory", rejected.problem()));
    }
    return failure;
  }

  private static String reasonOf(InventoryRejectedException rejected) {
    JsonArray shortItems = rejected.shortItems();
    return shortItems != null && !shortItems.isEmpty() ? INSUFFICIENT_STOCK
        : "refused by inventory (" + rejected.status() + "): " + rejected.getMessage();
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
