package dev.vxplatform.order.reconciler;

import dev.vxplatform.order.inventory.InventoryClient;
import dev.vxplatform.order.inventory.InventoryRejectedException;
import dev.vxplatform.order.inventory.InventoryUnavailableException;
import dev.vxplatform.order.orders.Order;
import dev.vxplatform.order.orders.OrderLine;
import dev.vxplatform.order.orders.OrderStatus;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.orders.OwedReleases;
import dev.vxplatform.shared.contract.InventoryContract;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass: for each order PENDING for longer than the bound, ask inventory for its reservation; fully reserved →
 * CONFIRMED, still being placed (inventory's PENDING) → ask again next pass, anything else → REJECTED, then
 * release whatever is held. Idempotent: a pass repeated, or run by a
 * stale holder next to a new one, changes nothing more: order changes are compare-and-set, releases are no-ops once
 * done, and the debts table refuses a holder whose fencing token is no longer the newest ({@code Fence}).
 *
 * <p>REJECTED is written <em>before</em> releasing: had we released first, a late reservation by the original
 * request could confirm the order in between, and our release would leave it confirmed without stock. This way
 * the late request finds the order REJECTED and releases its own reservation. The release is owed
 * ({@link OwedReleases}) before the order is ended, and each pass first pays what is owed, so a release that
 * failed, or a crash between the two writes, never leaves the units held for an order that is no longer PENDING.
 */
final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final OrderStore store;
  private final OwedReleases owed;
  private final InventoryClient inventory;
  private final Leadership leadership;
  private final ReconcilerOptions options;
  private final long callBudgetMillis;

  Reconciler(OrderStore store, OwedReleases owed, InventoryClient inventory, Leadership leadership, ReconcilerOptions options,
      long callBudgetMillis) {
    this.store = store;
    this.owed = owed;
    this.inventory = inventory;
    this.leadership = leadership;
    this.options = options;
    this.callBudgetMillis = callBudgetMillis;
  }

  /**
   * Pays the releases owed, then resolves one batch of PENDING orders, one order after the other; answers how many
   * orders it resolved. Stops at the first order for which inventory is unavailable: the others would only wait for
   * the same timeout.
   */
  Future<Integer> pass() {
    return payOwed().compose(v -> resolvePending());
  }

  private Future<Void> payOwed() {
    return owed.due(options.batchSize()).compose(ids -> {
      Future<Void> paid = Future.succeededFuture();
      for (String id : ids) {
        paid = paid.compose(v -> pay(id).recover(failure -> {
          if (failure instanceof InventoryUnavailableException) {
            return Future.failedFuture(failure);
          }
          LOG.warn("Releasing ended order {} failed, retrying next pass: {}", id, failure.getMessage());
          return Future.succeededFuture();
        }));
      }
      return paid;
    });
  }

  /** An ended order (or none) is released; a CONFIRMED or COMPLETED one keeps its stock; a PENDING one waits. */
  private Future<Void> pay(String orderId) {
    if (leadership.remainingMillis() < callBudgetMillis) {
      return Future.succeededFuture();
    }
    return store.get(orderId).compose(order -> {
      if (order != null && order.status() == OrderStatus.PENDING) {
        return Future.succeededFuture(); // ended by this pass or a later one, and released after that
      }
      boolean ended = order == null || order.status() == OrderStatus.REJECTED
          || order.status() == OrderStatus.CANCELLED;
      Future<?> released = ended ? inventory.release(orderId) : Future.succeededFuture();
      return released.compose(v -> {
        if (ended) {
          LOG.info("Released the reservation owed for order {} ({})", orderId,
              order == null ? "no such order" : order.status());
        }
        return owed.paid(orderId, leadership.fence());
      });
    });
  }

  private Future<Integer> resolvePending() {
    long cutoff = System.currentTimeMillis() - options.pendingAfterMillis();
    return store.pendingSince(cutoff, options.batchSize()).compose(orders -> {
      Future<Integer> resolved = Future.succeededFuture(0);
      for (Order order : orders) {
        resolved = resolved.compose(count -> resolve(order)
            .map(done -> done ? count + 1 : count)
            .recover(failure -> {
              if (failure instanceof InventoryUnavailableException) {
                return Future.failedFuture(failure);
              }
              LOG.warn("Reconciling order {} failed, retrying next pass: {}", order.id(), failure.getMessage());
              return Future.succeededFuture(count);
            }));
      }
      return resolved;
    });
  }

  private Future<Boolean> resolve(Order order) {
    if (leadership.remainingMillis() < callBudgetMillis) {
      return Future.succeededFuture(false); // not enough leadership left to finish a call: the next holder does it
    }
    return inventory.reservation(order.id())
        .recover(failure -> failure instanceof InventoryRejectedException rejected && rejected.status() == 404
            ? Future.succeededFuture(new JsonObject().put("state", InventoryContract.STATE_NONE))
            : Future.failedFuture(failure))
        .compose(reservation -> {
          if (!leadership.isHeld()) {
            return Future.succeededFuture(false);
          }
          if (InventoryContract.STATE_PENDING.equals(reservation.getString("state"))) {
            return Future.succeededFuture(false); // inventory is still placing holds: ask again next pass
          }
          if ("COMMITTED".equals(reservation.getString("state"))) {
            LOG.error("Order {} is PENDING but its reservation is committed; leaving it for an operator", order.id());
            return Future.succeededFuture(false);
          }
          return fullyReserved(order, reservation) ? confirm(order) : reject(order, reservation);
        });
  }

  private Future<Boolean> confirm(Order order) {
    return store.replace(order, order.moveTo(OrderStatus.CONFIRMED, System.currentTimeMillis()))
        .onSuccess(won -> log(order, won, OrderStatus.CONFIRMED));
  }

  private Future<Boolean> reject(Order order, JsonObject reservation) {
    String reason = "inventory held no complete reservation " + options.pendingAfterMillis()
        + " ms after the order was placed (reservation " + reservation.getString("state", "NONE") + ")";
    return owed.owe(order.id(), leadership.fence())
        .compose(v -> store.replace(order, order.moveTo(OrderStatus.REJECTED, System.currentTimeMillis(), reason,
            null)))
        .compose(won -> {
          log(order, won, OrderStatus.REJECTED);
          // Lost: whoever won releases if it ended the order, and the next pass pays or drops the debt.
          return won ? pay(order.id()).map(true) : Future.succeededFuture(false);
        });
  }

  /** Every line of the order is held with its quantity (inventory's per-sku answer, when it gives one). */
  static boolean fullyReserved(Order order, JsonObject reservation) {
    if (!"RESERVED".equals(reservation.getString("state"))) {
      return false;
    }
    JsonArray items = reservation.getJsonArray("items");
    if (items == null) {
      return true;
    }
    Map<String, Integer> held = new HashMap<>();
    for (Object item : items) {
      JsonObject line = (JsonObject) item;
      if ("RESERVED".equals(line.getString("state", "RESERVED"))) {
        held.put(line.getString("sku"), line.getInteger("qty", 0));
      }
    }
    List<OrderLine> lines = order.items();
    return lines.stream().allMatch(line -> held.getOrDefault(line.sku(), 0) == line.qty());
  }

  private void log(Order order, boolean won, OrderStatus to) {
    if (won) {
      LOG.info("Reconciled order {}: PENDING → {} (fencing token {})", order.id(), to, leadership.fence().token());
    } else {
      LOG.info("Order {} changed while reconciling; left as the other writer set it", order.id());
    }
  }
}
