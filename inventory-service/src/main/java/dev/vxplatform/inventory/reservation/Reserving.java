package dev.vxplatform.inventory.reservation;

import dev.vxplatform.inventory.api.Reply;
import dev.vxplatform.inventory.stock.StockStore;
import dev.vxplatform.shared.contract.stock.ReservationMutation;
import dev.vxplatform.shared.contract.stock.ReservationOutcome;
import dev.vxplatform.shared.contract.stock.ReservationResult;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockOutcome;
import dev.vxplatform.shared.contract.stock.StockResult;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reservation request, all-or-nothing across skus on different partitions:
 * <ol>
 *   <li>{@code begin} on the order's record: this attempt owns the order (a concurrent duplicate waits for its
 *       outcome instead of placing holds of its own);</li>
 *   <li>{@code hold} on every sku, in parallel; each is idempotent per order;</li>
 *   <li>all held: {@code finish} as reserved. Any sku short or unknown: {@code unhold} every sku (only this
 *       attempt's holds), {@code finish} as rejected, then answer naming the short skus.</li>
 * </ol>
 * A coordinator that dies mid-way leaves the order reserving; after the lease a retry takes it over and adopts
 * the holds it finds, so nothing is held twice and nothing leaks.
 */
final class Reserving {

  static final long POLL_MILLIS = 25;
  /** A waiting duplicate gives up this long after the owner's lease would have run out. */
  static final long SETTLE_MARGIN_MILLIS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(Reserving.class);

  private final Vertx vertx;
  private final StockStore store;
  private final long leaseMillis;

  Reserving(Vertx vertx, StockStore store, long leaseMillis) {
    this.vertx = vertx;
    this.store = store;
    this.leaseMillis = leaseMillis;
  }

  Future<Reply> reserve(ReservationRequest request) {
    return begin(request, System.currentTimeMillis() + leaseMillis + SETTLE_MARGIN_MILLIS);
  }

  private Future<Reply> begin(ReservationRequest request, long deadline) {
    String attempt = UUID.randomUUID().toString();
    long startedAt = System.currentTimeMillis();
    ReservationMutation begin = ReservationMutation.begin(request.items(), attempt, startedAt, leaseMillis);
    return store.begin(request.orderId(), begin).compose(outcome -> switch (outcome.result()) {
      case STARTED -> holdAll(request, attempt, startedAt, outcome.firstAttempt(), deadline);
      case BUSY -> later(request, deadline);
      case UNCHANGED -> Future.succeededFuture(Reply.created(
          Reservations.reservedBody(request, outcome.record().state().name(), false)));
      case ITEMS_DIFFER -> Future.failedFuture(new ProblemException(409, "Reservation conflict",
          "order " + request.orderId() + " already has a reservation for other items"));
      case WRONG_STATE -> Future.failedFuture(Reservations.released(request.orderId()));
      default -> Future.failedFuture(new IllegalStateException("begin answered " + outcome));
    });
  }

  private Future<Reply> holdAll(ReservationRequest request, String attempt, long startedAt, boolean firstAttempt,
      long deadline) {
    List<String> skus = List.copyOf(request.items().keySet());
    List<Future<StockOutcome>> holds = skus.stream()
        .map(sku -> store.change(sku,
            StockMutation.hold(request.orderId(), attempt, startedAt, request.items().get(sku), firstAttempt)))
        .toList();
    return Future.join(holds).transform(joined -> {
      ProblemException refusal = Refusal.of(request, skus, holds);
      if (refusal == null) {
        boolean held = holds.stream().anyMatch(hold -> hold.result().result() == StockResult.HELD);
        return finish(request, attempt, deadline, Reservations.reservedBody(request, "RESERVED", held));
      }
      return rollBack(request, attempt, startedAt, deadline, refusal);
    });
  }

  private Future<Reply> finish(ReservationRequest request, String attempt, long deadline,
      JsonObject body) {
    return store.decide(request.orderId(), ReservationMutation.finish(attempt, true))
        .compose(outcome -> isFinished(outcome) ? Future.succeededFuture(Reply.created(body))
            : later(request, deadline));
  }

  /** Every sku, not only those known held: a hold whose answer was lost is rolled back too. */
  private Future<Reply> rollBack(ReservationRequest request, String attempt, long startedAt, long deadline,
      ProblemException refusal) {
    List<Future<StockOutcome>> unholds = request.items().keySet().stream()
        .map(sku -> store.change(sku, StockMutation.unhold(request.orderId(), attempt, startedAt)))
        .toList();
    return Future.all(unholds)
        .compose(v -> store.decide(request.orderId(), ReservationMutation.finish(attempt, false)))
        .compose(outcome -> {
          if (!isFinished(outcome)) {
            return later(request, deadline); // taken over meanwhile: answer what the new owner decides
          }
          LOG.debug("Order {} rejected: {}", request.orderId(), refusal.getMessage());
          return Future.failedFuture(refusal);
        });
  }

  private static boolean isFinished(ReservationOutcome outcome) {
    return outcome.result() == ReservationResult.FINISHED;
  }

  /** Asks again shortly: another attempt owns the order, or took it over from this one. */
  private Future<Reply> later(ReservationRequest request, long deadline) {
    if (System.currentTimeMillis() > deadline) {
      return Future.failedFuture(new ProblemException(503, "Reservation in progress", "order "
          + request.orderId() + " is being reserved by another request that has not finished; retry"));
    }
    return vertx.timer(POLL_MILLIS).compose(v -> begin(request, deadline));
  }
}
