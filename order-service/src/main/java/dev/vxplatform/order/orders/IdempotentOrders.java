package dev.vxplatform.order.orders;

import dev.vxplatform.order.idempotency.IdempotencyOptions;
import dev.vxplatform.order.idempotency.Outcome;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * {@code POST /orders} with an {@code Idempotency-Key}: one order per customer and key across the cluster, whatever
 * the retries and duplicates, and every repeat answered from that order.
 *
 * <p>The order is the key's record: its id is derived from the key ({@link Order#idForKey}), so claiming the key and
 * creating the order PENDING is one put-if-absent, and settling the order is also what a repeat reads. A keyed
 * order costs the cluster no more writes than an order without a key.
 * <ul>
 *   <li>New key: this request created the order (its attempt id is stored in it) and runs the saga.</li>
 *   <li>Same key, different request (fingerprint): 422.</li>
 *   <li>Same key while an attempt runs (on any node): wait, polling the order, until it settles; 503 if that takes
 *       longer than the wait bound.</li>
 *   <li>Same key after a 5xx answer (the attempt let go of the order, still PENDING): the retry drives the same
 *       order again; duplicates that were waiting on that attempt replay its 503.</li>
 *   <li>An attempt still running after the stale bound is presumed dead (its node crashed) and taken over: the
 *       saga is idempotent per order id, so even a slow but living first attempt does no harm.</li>
 *   <li>Settled: the answer for the order as it is now (201 with the order, 409 for a rejection).</li>
 * </ul>
 */
public final class IdempotentOrders {

  public static final int MAX_KEY_LENGTH = 255;

  private final Vertx vertx;
  private final IdempotencyOptions options;
  private final OrderStore store;
  private final OrderSaga saga;

  public IdempotentOrders(Vertx vertx, IdempotencyOptions options, OrderStore store, OrderSaga saga) {
    this.vertx = vertx;
    this.options = options;
    this.store = store;
    this.saga = saga;
  }

  /** 400 unless the key is 1 to {@value #MAX_KEY_LENGTH} printable ASCII characters. */
  public static String validKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw ProblemException.badRequest("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
          + " printable ASCII characters");
    }
    return key;
  }

  /**
   * A client's key as the order id is derived from it: scoped to its customer, so two customers using the same key
   * place two orders. The unit separator can be in neither part (customer ids and keys hold no control characters).
   */
  public static String scopedKey(String customerId, String key) {
    return customerId + '\u001f' + validKey(key);
  }

  /** @param request for the customer the key is scoped to */
  public Future<Outcome> place(String scopedKey, OrderRequest request) {
    String attempt = UUID.randomUUID().toString();
    Order mine = Order.keyed(scopedKey, request, System.currentTimeMillis(), attempt);
    long deadline = System.nanoTime() + options.waitMillis() * 1_000_000;
    return store.insert(mine).compose(stored -> answer(stored, mine, deadline, false));
  }

  private Future<Outcome> answer(Order stored, Order mine, long deadline, boolean waited) {
    if (stored == null) {
      return Future.failedFuture(new IllegalStateException("order " + mine.id() + " vanished"));
    }
    if (!mine.fingerprint().equals(stored.fingerprint())) {
      return Future.succeededFuture(Outcome.problem(422, "Idempotency-Key reused",
          "this Idempotency-Key was first used with a different request body"));
    }
    if (mine.attempt().equals(stored.attempt())) {
      return drive(stored);
    }
    if (stored.status() != OrderStatus.PENDING) {
      return Future.succeededFuture(saga.outcome(stored));
    }
    boolean letGo = stored.attempt() == null;
    if (letGo && waited) {
      return Future.succeededFuture(saga.outcome(stored, "an earlier attempt found inventory unavailable"));
    }
    if (letGo || System.currentTimeMillis() - stored.updatedAt() > options.staleMillis()) {
      return takeOver(stored, mine, deadline);
    }
    if (System.nanoTime() > deadline) {
      return Future.succeededFuture(Outcome.problem(503, "Request in progress",
          "a request with this Idempotency-Key is still in progress; retry later").withHeader(Outcome.RETRY_AFTER, 1));
    }
    return vertx.timer(options.pollMillis())
        .compose(v -> store.get(stored.id()))
        .compose(found -> answer(found, mine, deadline, true));
  }

  private Future<Outcome> takeOver(Order stored, Order mine, long deadline) {
    Order next = stored.drivenBy(mine.attempt(), System.currentTimeMillis());
    return store.replace(stored, next).compose(won -> won ? drive(next)
        : store.get(stored.id()).compose(found -> answer(found, mine, deadline, true)));
  }

  /**
   * Runs the saga on an order this attempt drives. An answer that settles nothing (a 5xx) or a failure lets go of
   * the order, so the client's retry takes it over at once instead of waiting out the stale bound.
   */
  private Future<Outcome> drive(Order driven) {
    Future<Outcome> done = saga.resume(driven);
    return done.transform(answered -> answered.succeeded() && !answered.result().isRetryable() ? done
        : store.replace(driven, driven.drivenBy(null, System.currentTimeMillis())).otherwiseEmpty()
            .transform(v -> done));
  }
}
