package dev.vxplatform.inventory.stock;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.vxplatform.shared.contract.stock.ReservationMutation;
import dev.vxplatform.shared.contract.stock.ReservationOutcome;
import dev.vxplatform.shared.contract.stock.ReservationRecord;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockOutcome;
import dev.vxplatform.shared.contract.stock.StockQuery;
import dev.vxplatform.shared.contract.stock.StockRecord;
import dev.vxplatform.shared.cluster.HazelcastCalls;
import dev.vxplatform.shared.cluster.PutIfAbsent;
import dev.vxplatform.shared.tracing.Spans;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.TreeMap;

/**
 * Non-blocking access to the stock and reservation maps: every change is an entry processor submitted to the
 * key's partition owner ({@code submitToKey}), completed on the caller's context, and retried when its outcome
 * is unknown (all processors but restock are idempotent).
 */
public final class StockStore {

  private final Vertx vertx;
  private final IMap<String, StockRecord> stock;
  private final IMap<String, ReservationRecord> reservations;
  private final HazelcastCalls calls;
  private final Spans spans;

  private StockStore(Vertx vertx, Context context, IMap<String, StockRecord> stock,
      IMap<String, ReservationRecord> reservations) {
    this.vertx = vertx;
    this.stock = stock;
    this.reservations = reservations;
    this.calls = new HazelcastCalls(vertx, context, StockStore::unavailable);
    this.spans = Spans.of(vertx);
  }

  /** Every failure of a stock call is a 503: a retry may help, after a look at the stock when it may have applied. */
  static ProblemException unavailable(String what, Throwable cause, boolean idempotent) {
    return new ProblemException(503, "Stock unavailable", idempotent
        ? what + " failed; the cluster is recovering, retry (the operation is idempotent)"
        : what + " failed and may or may not have been applied; check the stock before retrying");
  }

  /** Configures the maps cluster-wide, then opens them; call from the verticle's context. */
  public static Future<StockStore> open(Vertx vertx, HazelcastInstance hazelcast, int backupCount) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      StockMaps.applyClusterWide(hazelcast, backupCount);
      IMap<String, StockRecord> stock = hazelcast.getMap(StockMaps.STOCK);
      IMap<String, ReservationRecord> reservations = hazelcast.getMap(StockMaps.RESERVATIONS);
      return new StockStore(vertx, context, stock, reservations);
    });
  }

  /** An idempotent change of one sku (init, hold, unhold, release, commit). */
  public Future<StockOutcome> change(String sku, StockMutation mutation) {
    return spans.call(StockMaps.STOCK, mutation.operation(), sku, mutation.orderId(),
        () -> calls.idempotent(mutation + " on " + sku, () -> stock.submitToKey(sku, mutation)));
  }

  /** Adds units; not retried, since a retry could add them twice. */
  public Future<StockOutcome> restock(String sku, long qty) {
    return spans.call(StockMaps.STOCK, "restock", sku, null,
        () -> calls.once("restock of " + sku, () -> stock.submitToKey(sku, StockMutation.restock(qty))));
  }

  public Future<StockOutcome> read(String sku, StockQuery query) {
    return spans.call(StockMaps.STOCK, "read", sku, null,
        () -> calls.idempotent("read of " + sku, () -> stock.submitToKey(sku, query)));
  }

  /**
   * Begins an attempt on the order's reservation: a put if the order has none (the usual case, and a retry of a put
   * that was applied finds its own attempt), else the processor decides (a take-over, a rejected or released one).
   */
  public Future<ReservationOutcome> begin(String orderId, ReservationMutation begin) {
    ReservationRecord started = begin.started();
    return spans.call(StockMaps.RESERVATIONS, "begin", orderId, orderId, () -> calls.idempotent("begin of order "
            + orderId, () -> PutIfAbsent.putIfAbsent(reservations, orderId, started)))
        .compose(found -> found == null || started.attempt().equals(found.attempt())
            ? Future.succeededFuture(ReservationOutcome.started(started))
            : decide(orderId, begin));
  }

  /** A decision about one order's reservation (begin, finish, release, commit). */
  public Future<ReservationOutcome> decide(String orderId, ReservationMutation mutation) {
    return spans.call(StockMaps.RESERVATIONS, mutation.operation(), orderId, orderId, () -> calls.idempotent(mutation
        + " of order " + orderId, () -> reservations.submitToKey(orderId, mutation)));
  }

  /** The order's reservation record, or null. */
  public Future<ReservationRecord> reservation(String orderId) {
    return spans.call(StockMaps.RESERVATIONS, "get", orderId, orderId,
        () -> calls.idempotent("read of order " + orderId, () -> reservations.getAsync(orderId)));
  }

  /**
   * How many skus have a stock record, cluster-wide. A blocking call (IMap has no asynchronous size in
   * Hazelcast 5.3): it runs on a worker.
   */
  public Future<Integer> count() {
    return vertx.executeBlocking(stock::size, false);
  }

  /** Every sku's audit outcome, sorted by sku: one processor per partition, run on the owners in parallel. */
  public Future<Map<String, StockOutcome>> audit() {
    return vertx.executeBlocking(() -> new TreeMap<>(stock.executeOnEntries(StockQuery.audit())));
  }
}
