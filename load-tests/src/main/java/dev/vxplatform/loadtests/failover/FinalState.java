package dev.vxplatform.loadtests.failover;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the platform holds once the load stopped and the reconciler settled, read through the gateway.
 *
 * @param ordersByCustomer every order of every customer the workload used (one customer per key)
 * @param reservations     inventory's reservation of each order, by order id (may be empty: not read)
 * @param audit            the inventory audit of every sku, including skus the check did not create
 * @param auditOk          the audit's own verdict over all skus
 * @param skus             the skus the check created and ordered
 * @param unreadable       what could not be read (each one is a violation: the check cannot vouch for it)
 * @param settleMs         how long after the load stopped no order was PENDING any more (or the bound)
 */
record FinalState(Map<String, List<OrderView>> ordersByCustomer, Map<String, ReservationView> reservations,
    List<SkuAudit> audit, boolean auditOk, Set<String> skus, List<String> unreadable, long settleMs) {

  FinalState {
    ordersByCustomer = Map.copyOf(ordersByCustomer);
    reservations = Map.copyOf(reservations);
    audit = List.copyOf(audit);
    skus = Set.copyOf(skus);
    unreadable = List.copyOf(unreadable);
  }

  /** An order as {@code GET /api/orders?customerId=} shows it. */
  record OrderView(String id, String customerId, Map<String, Integer> items, String status) {
    OrderView {
      items = Map.copyOf(items);
    }
  }

  /** {@code GET /api/reservations/{orderId}}: the overall state and each line's qty and state. */
  record ReservationView(String orderId, String state, Map<String, Line> lines) {
    ReservationView {
      lines = Map.copyOf(lines);
    }

    record Line(int qty, String state) {
    }
  }

  /** One sku of {@code GET /api/inventory/audit}. */
  record SkuAudit(String sku, long initial, long restocked, long available, long reserved, long sold, boolean ok) {
    long supply() {
      return initial + restocked;
    }
  }
}
