package dev.vxplatform.inventory.reservation;

import dev.vxplatform.inventory.api.Inputs;
import dev.vxplatform.inventory.api.Reply;
import dev.vxplatform.inventory.stock.StockStore;
import dev.vxplatform.shared.contract.InventoryContract;
import dev.vxplatform.shared.contract.stock.ReservationMutation;
import dev.vxplatform.shared.contract.stock.ReservationOutcome;
import dev.vxplatform.shared.contract.stock.ReservationRecord;
import dev.vxplatform.shared.contract.stock.ReservationResult;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockOutcome;
import dev.vxplatform.shared.contract.stock.StockQuery;
import dev.vxplatform.shared.contract.stock.StockResult;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reservation operations. Release and commit decide on the order's record first (the single point that
 * makes "commit after release" impossible), then apply per sku; a repeat re-applies per sku, which finishes a
 * call that died half-way and changes nothing otherwise.
 */
public final class Reservations {

  private static final Logger LOG = LoggerFactory.getLogger(Reservations.class);

  private final StockStore store;
  private final Predicate<String> knownSku;
  private final Reserving reserving;
  private final long maxQtyPerLine;
  private final int maxLines;
  private final long leaseMillis;

  /** @param knownSku a local, non-blocking check that a sku exists (this member's catalog copy): the fast path */
  public Reservations(Vertx vertx, StockStore store, Predicate<String> knownSku, long maxQtyPerLine, int maxLines,
      long leaseMillis) {
    this.store = store;
    this.knownSku = knownSku;
    this.reserving = new Reserving(vertx, store, leaseMillis);
    this.leaseMillis = leaseMillis;
    this.maxQtyPerLine = maxQtyPerLine;
    this.maxLines = maxLines;
  }

  /** {@code {orderId, items:[{sku, qty}]}} → 201 {@code {orderId, state, items, changed}}. */
  public Future<Reply> reserve(JsonObject input) {
    ReservationRequest request = ReservationRequest.parse(input, maxQtyPerLine, maxLines);
    List<String> notInCatalog = request.items().keySet().stream().filter(knownSku.negate()).toList();
    return (notInCatalog.isEmpty() ? Future.<Void>succeededFuture() : confirmUnknown(request, notInCatalog))
        .compose(v -> reserving.reserve(request));
  }

  /**
   * A sku missing from this member's catalog copy may just not have arrived yet (a product added a moment ago,
   * a member that just joined): the stock map, which is never stale, decides. Nothing is written either way.
   */
  private Future<Void> confirmUnknown(ReservationRequest request, List<String> skus) {
    List<Future<StockOutcome>> reads = skus.stream().map(sku -> store.read(sku, StockQuery.counters())).toList();
    return Future.all(reads).compose(all -> {
      List<String> unknown = new ArrayList<>();
      for (int i = 0; i < skus.size(); i++) {
        if (reads.get(i).result().result() == StockResult.UNKNOWN_SKU) {
          unknown.add(skus.get(i));
        }
      }
      return unknown.isEmpty() ? Future.succeededFuture()
          : Future.failedFuture(unknownSkus(request.orderId(), unknown));
    });
  }

  /** {@code {orderId}} → {@code {orderId, state, changed}}. */
  public Future<Reply> release(JsonObject input) {
    String orderId = Inputs.orderId(input);
    return store.decide(orderId, ReservationMutation.release()).compose(outcome -> switch (outcome.result()) {
      case ABSENT -> finished(orderId, InventoryContract.STATE_NONE, false);
      case DECIDED, UNCHANGED -> outcome.record().state() == ReservationRecord.State.COMMITTED
          ? finished(orderId, "COMMITTED", false)
          : applyPerSku(orderId, outcome, StockMutation.release(orderId))
              .compose(moved -> finished(orderId, "RELEASED", moved || isDecided(outcome)));
      default -> Future.failedFuture(new IllegalStateException("release answered " + outcome));
    });
  }

  /** {@code {orderId}} → {@code {orderId, state, changed}}; 409 after a release or while still reserving. */
  public Future<Reply> commit(JsonObject input) {
    String orderId = Inputs.orderId(input);
    return store.decide(orderId, ReservationMutation.commit()).compose(outcome -> switch (outcome.result()) {
      case ABSENT -> finished(orderId, InventoryContract.STATE_NONE, false);
      case WRONG_STATE -> Future.failedFuture(new ProblemException(409, "Reservation released",
          "order " + orderId + " was released; it cannot be committed"));
      case BUSY -> Future.failedFuture(new ProblemException(409, "Reservation in progress",
          "order " + orderId + " is still being reserved; retry once it is reserved"));
      case DECIDED, UNCHANGED -> applyPerSku(orderId, outcome, StockMutation.commit(orderId))
          .compose(moved -> finished(orderId, "COMMITTED", moved || isDecided(outcome)));
      default -> Future.failedFuture(new IllegalStateException("commit answered " + outcome));
    });
  }

  /** {@code {orderId}} → {@code {orderId, state, items:[{sku, qty, state}]}}: what each sku really holds. */
  public Future<Reply> get(JsonObject input) {
    String orderId = Inputs.orderId(input);
    return store.reservation(orderId).compose(record -> {
      if (record == null || record.tombstone()) {
        return Future.succeededFuture(Reply.ok(new JsonObject().put("orderId", orderId)
            .put("state", InventoryContract.STATE_NONE).put("items", new JsonArray())));
      }
      List<String> skus = List.copyOf(record.items().keySet());
      List<Future<StockOutcome>> holds = skus.stream()
          .map(sku -> store.read(sku, StockQuery.holdOf(orderId))).toList();
      return Future.all(holds).map(all -> {
        JsonArray items = new JsonArray();
        for (int i = 0; i < skus.size(); i++) {
          items.add(new JsonObject().put("sku", skus.get(i)).put("qty", record.items().get(skus.get(i)))
              .put("state", holds.get(i).result().holdState().name()));
        }
        return Reply.ok(new JsonObject().put("orderId", orderId)
            .put("state", overall(record, System.currentTimeMillis(), leaseMillis))
            .put("items", items));
      });
    });
  }

  private Future<Boolean> applyPerSku(String orderId, ReservationOutcome outcome, StockMutation mutation) {
    List<Future<StockOutcome>> changes = outcome.record().items().keySet().stream()
        .map(sku -> store.change(sku, mutation)).toList();
    return Future.all(changes).map(all -> {
      boolean missing = changes.stream().anyMatch(change -> change.result().result() == StockResult.MISSING);
      if (missing && isDecided(outcome)) {
        LOG.error("Order {}: {} found no hold to apply to ({})", orderId, mutation, outcome.record());
      } else if (missing) {
        // A repeat: the first decision applied it, and the finished hold may since have been pruned.
        LOG.debug("Order {}: repeated {} found no hold (applied before, then pruned)", orderId, mutation);
      }
      return changes.stream().anyMatch(change -> change.result().result().movedUnits());
    });
  }

  private static boolean isDecided(ReservationOutcome outcome) {
    return outcome.result() == ReservationResult.DECIDED;
  }

  private static Future<Reply> finished(String orderId, String state, boolean changed) {
    return Future.succeededFuture(Reply.ok(new JsonObject().put("orderId", orderId).put("state", state)
        .put("changed", changed)));
  }

  /** An attempt still placing holds is PENDING while its lease runs, ABANDONED after. */
  static String overall(ReservationRecord record, long now, long leaseMillis) {
    return switch (record.state()) {
      case RESERVING -> now - record.since() > leaseMillis ? InventoryContract.STATE_ABANDONED
          : InventoryContract.STATE_PENDING;
      case REJECTED -> InventoryContract.STATE_NONE;
      default -> record.state().name();
    };
  }

  static JsonObject reservedBody(ReservationRequest request, String state, boolean changed) {
    return new JsonObject().put("orderId", request.orderId()).put("state", state)
        .put("items", request.itemsJson()).put("changed", changed);
  }

  static ProblemException released(String orderId) {
    return new ProblemException(409, "Reservation released", "the reservation of order " + orderId
        + " was released; a released order cannot reserve again", new JsonObject().put("orderId", orderId));
  }

  static ProblemException unknownSkus(String orderId, List<String> skus) {
    return new ProblemException(404, "Unknown sku", "no such sku: " + String.join(", ", skus),
        new JsonObject().put("orderId", orderId).put("unknown", new JsonArray(skus)));
  }
}
