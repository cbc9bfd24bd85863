package dev.vxplatform.loadtests.failover;

import dev.vxplatform.loadtests.failover.FinalState.OrderView;
import dev.vxplatform.loadtests.failover.FinalState.ReservationView;
import dev.vxplatform.loadtests.failover.FinalState.SkuAudit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Holds a history against the final state: pure logic, no I/O, so a test can feed it a hand-made run. Each
 * invariant counts how many subjects (orders, keys, skus, nodes) it checked, so a report of zero violations also
 * says over how much.
 */
final class Checker {

  private static final String CONFIRMED = "CONFIRMED";
  private static final String REJECTED = "REJECTED";
  private static final String PENDING = "PENDING";

  private final List<Violation> violations = new ArrayList<>();
  private final Map<Invariant, Integer> checked = new EnumMap<>(Invariant.class);

  private Checker() {
  }

  /** The verdict: every violation, and how many subjects each invariant covered. */
  record Verdict(List<Violation> violations, Map<Invariant, Integer> checked) {
    Verdict {
      violations = List.copyOf(violations);
      checked = Collections.unmodifiableMap(new EnumMap<>(checked));
    }

    long count(Invariant invariant) {
      return violations.stream().filter(v -> v.invariant().equals(invariant.name())).count();
    }
  }

  static Verdict check(List<Op> ops, List<FaultWindow> faults, FinalState state) {
    Checker checker = new Checker();
    checker.orders(ops, state);
    checker.stock(ops, state);
    checker.minorityWrites(ops, faults);
    for (FaultWindow fault : faults) {
      checker.count(Invariant.NODE_RECOVERED);
      if (!fault.recovered() || fault.safeMs() < 0) {
        checker.violation(Invariant.NODE_RECOVERED, fault.node(), fault.label() + ": " + fault.detail());
      }
    }
    checker.count(Invariant.STATE_READABLE);
    state.unreadable().forEach(what -> checker.violation(Invariant.STATE_READABLE, what, "could not be read"));
    return new Verdict(checker.violations, checker.checked);
  }

  /**
   * Every write attempt that ran while the gateway could reach only a minority that knew it (a split with the gateway
   * on the smaller side) must have been refused: acknowledged there, it would be a write the split-brain protection
   * exists to prevent. A placement's 409 counts too (the rejected order is written).
   */
  private void minorityWrites(List<Op> ops, List<FaultWindow> faults) {
    for (FaultWindow fault : faults) {
      for (Op op : ops) {
        if (op.kind() == Action.Kind.GET) {
          continue;
        }
        for (Attempt attempt : op.attempts()) {
          if (!fault.minorityCovers(attempt)) {
            continue;
          }
          count(Invariant.NO_MINORITY_ACK);
          boolean acknowledged = attempt.status() / 100 == 2 || op.action() == Action.PLACE && attempt.status() == 409;
          if (acknowledged) {
            violation(Invariant.NO_MINORITY_ACK, op.orderId() != null ? op.orderId() : String.valueOf(op.sku()),
                op.action() + " answered " + attempt.status() + " at " + attempt.endMs() + ", during " + fault.label()
                    + " (the gateway reached only the minority)");
          }
        }
      }
    }
  }

  private void orders(List<Op> ops, FinalState state) {
    Map<String, List<Op>> actionsByOrder = ops.stream()
        .filter(op -> op.orderId() != null && op.action() != Action.PLACE && op.kind() != Action.Kind.ADMIN)
        .collect(Collectors.groupingBy(Op::orderId));
    for (Op place : ops) {
      // a customer whose orders could not be read is reported as unreadable, not as a lost order
      if (place.action() == Action.PLACE && state.ordersByCustomer().containsKey(place.customerId())) {
        placement(place, state.ordersByCustomer().getOrDefault(place.customerId(), List.of()),
            actionsByOrder.getOrDefault(place.orderId(), List.of()));
      }
    }
    state.ordersByCustomer().values().stream().flatMap(List::stream).forEach(order -> {
      count(Invariant.NO_PENDING);
      if (PENDING.equals(order.status())) {
        violation(Invariant.NO_PENDING, order.id(), "still PENDING after settling (customer " + order.customerId()
            + ")");
      }
    });
  }

  private void placement(Op place, List<OrderView> found, List<Op> actions) {
    String key = "key " + place.key();
    count(Invariant.ONE_ORDER_PER_KEY);
    Set<String> named = place.attempts().stream().map(Attempt::orderId).filter(Objects::nonNull)
        .collect(Collectors.toCollection(TreeSet::new));
    if (found.size() > 1) {
      violation(Invariant.ONE_ORDER_PER_KEY, key, found.size() + " orders stored for one key: "
          + found.stream().map(o -> o.id() + " " + o.status()).toList());
    }
    if (named.size() > 1) {
      violation(Invariant.ONE_ORDER_PER_KEY, key, "answers to one key named different orders: " + named);
    }
    OrderView order;
    if (place.ok()) {
      count(Invariant.ACKED_ORDER_EXISTS);
      order = found.stream().filter(o -> o.id().equals(place.orderId())).findFirst().orElse(null);
      if (order == null) {
        violation(Invariant.ACKED_ORDER_EXISTS, place.orderId(), "answered " + place.status() + " at "
            + place.endMs() + " (" + key + ", customer " + place.customerId() + ") but not stored; the customer holds "
            + found.stream().map(OrderView::id).toList());
        return;
      }
    } else {
      if (found.isEmpty()) {
        return; // the client was told nothing and nothing was created
      }
      order = found.get(0);
      if (!named.isEmpty() && !named.contains(order.id())) {
        violation(Invariant.ONE_ORDER_PER_KEY, key, "answers named " + named + " but the key's order is " + order.id());
      }
    }
    count(Invariant.SAME_ITEMS);
    if (!order.items().equals(place.items())) {
      violation(Invariant.SAME_ITEMS, order.id(), "stored items " + order.items() + ", sent " + place.items());
    }
    count(Invariant.STATUS_CONSISTENT);
    status(place, actions, order);
  }

  /**
   * The statuses the order may have: the last one an answer showed, plus those that requests with an unknown
   * outcome (no answer, 5xx) could have reached since. Reads must show one of them too.
   */
  private void status(Op place, List<Op> actions, OrderView order) {
    String known = place.status() == 201 ? CONFIRMED : place.status() == 409 ? REJECTED : null;
    Set<String> maybe = new TreeSet<>();
    if (known == null) {
      maybe.addAll(Set.of(CONFIRMED, REJECTED));
    }
    for (Op op : actions.stream().sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).toList()) {
      Set<String> allowed = allowed(known, maybe);
      if (op.action() == Action.GET_ORDER && op.ok() && !allowed.contains(op.orderStatus())) {
        violation(Invariant.STATUS_CONSISTENT, order.id(), "a read at " + op.endMs() + " showed " + op.orderStatus()
            + ", the client could expect " + allowed);
      } else if (op.action() == Action.CANCEL || op.action() == Action.COMPLETE) {
        String target = op.action() == Action.CANCEL ? "CANCELLED" : "COMPLETED";
        if (op.ok()) {
          known = op.orderStatus();
          maybe.clear();
        } else if (op.status() >= 400 && op.status() < 500 && maybe.isEmpty()) {
          violation(Invariant.STATUS_CONSISTENT, order.id(), op.action() + " answered " + op.status() + " at "
              + op.endMs() + " although the client's last view was " + known);
        } else if (!(op.status() >= 400 && op.status() < 500)) {
          maybe.add(target);
        }
      }
    }
    Set<String> allowed = allowed(known, maybe);
    if (!PENDING.equals(order.status()) && !allowed.contains(order.status())) {
      violation(Invariant.STATUS_CONSISTENT, order.id(), "final status " + order.status() + ", the client's view "
          + "allows " + allowed);
    }
  }

  private static Set<String> allowed(String known, Set<String> maybe) {
    Set<String> allowed = new TreeSet<>(maybe);
    if (known != null) {
      allowed.add(known);
    }
    return allowed;
  }

  private void stock(List<Op> ops, FinalState state) {
    count(Invariant.AUDIT_CONSERVATION);
    if (!state.auditOk()) {
      violation(Invariant.AUDIT_CONSERVATION, "audit", "the inventory audit answered ok=false");
    }
    Map<String, Long> acked = restocked(ops, true);
    Map<String, Long> unknown = restocked(ops, false);
    List<OrderView> orders = state.ordersByCustomer().values().stream().flatMap(List::stream).toList();
    Map<String, Long> confirmed = units(orders, CONFIRMED);
    Map<String, Long> completed = units(orders, "COMPLETED");
    Map<String, SkuAudit> audit = state.audit().stream().collect(Collectors.toMap(SkuAudit::sku, Function.identity(),
        (a, b) -> a));
    for (String sku : new TreeSet<>(state.skus())) {
      SkuAudit a = audit.get(sku);
      count(Invariant.NOT_OVERSOLD);
      count(Invariant.SUPPLY_MATCHES_RESTOCKS);
      count(Invariant.HOLDS_MATCH_ORDERS);
      if (a == null) {
        violation(Invariant.AUDIT_CONSERVATION, sku, "missing from the audit: its stock record is gone");
        continue;
      }
      if (a.sold() + a.reserved() > a.supply() || a.available() < 0 || a.reserved() < 0 || a.sold() < 0) {
        violation(Invariant.NOT_OVERSOLD, sku, "sold " + a.sold() + " + reserved " + a.reserved() + " vs supply "
            + a.supply() + " (available " + a.available() + ")");
      }
      if (!a.ok() || a.supply() != a.available() + a.reserved() + a.sold()) {
        violation(Invariant.AUDIT_CONSERVATION, sku, "initial " + a.initial() + " + restocked " + a.restocked()
            + " vs available " + a.available() + " + reserved " + a.reserved() + " + sold " + a.sold()
            + " (audit ok=" + a.ok() + ")");
      }
      long low = acked.getOrDefault(sku, 0L);
      long high = low + unknown.getOrDefault(sku, 0L);
      if (a.supply() < low || a.supply() > high) {
        violation(Invariant.SUPPLY_MATCHES_RESTOCKS, sku, "supply " + a.supply() + ", acknowledged restocks " + low
            + (high > low ? " (up to " + high + " with unanswered ones)" : ""));
      }
      long held = confirmed.getOrDefault(sku, 0L);
      long sold = completed.getOrDefault(sku, 0L);
      if (state.unreadable().isEmpty() && (a.reserved() != held || a.sold() != sold)) {
        violation(Invariant.HOLDS_MATCH_ORDERS, sku, "reserved " + a.reserved() + " vs " + held
            + " in CONFIRMED orders; sold " + a.sold() + " vs " + sold + " in COMPLETED orders");
      }
    }
    if (!state.reservations().isEmpty()) {
      orders.stream().filter(o -> !PENDING.equals(o.status())).forEach(o -> reservation(o, state.reservations()));
    }
  }

  /** Per order: a CONFIRMED order holds each line, a COMPLETED one has sold it, any other holds nothing. */
  private void reservation(OrderView order, Map<String, ReservationView> reservations) {
    ReservationView reservation = reservations.get(order.id());
    if (reservation == null) {
      return; // not read: reported as unreadable
    }
    count(Invariant.HOLDS_MATCH_ORDERS);
    String expected = switch (order.status()) {
      case CONFIRMED -> "RESERVED";
      case "COMPLETED" -> "COMMITTED";
      default -> null;
    };
    Map<String, Integer> holding = new HashMap<>();
    reservation.lines().forEach((sku, line) -> {
      if ("RESERVED".equals(line.state()) || "COMMITTED".equals(line.state())) {
        holding.put(sku, line.qty());
      }
    });
    boolean ok = expected == null ? holding.isEmpty()
        : holding.equals(order.items()) && order.items().keySet().stream()
            .allMatch(sku -> expected.equals(reservation.lines().get(sku).state()));
    if (!ok) {
      violation(Invariant.HOLDS_MATCH_ORDERS, order.id(), "order " + order.status() + " " + order.items()
          + " but inventory's reservation is " + reservation.state() + " " + reservation.lines());
    }
  }

  private static Map<String, Long> restocked(List<Op> ops, boolean answered) {
    return ops.stream()
        .filter(op -> op.action() == Action.RESTOCK
            && (answered ? op.ok() : !op.ok() && op.attempts().stream().anyMatch(Attempt::failed)))
        .collect(Collectors.groupingBy(Op::sku, Collectors.summingLong(Op::qty)));
  }

  private static Map<String, Long> units(List<OrderView> orders, String status) {
    Map<String, Long> units = new HashMap<>();
    orders.stream().filter(o -> status.equals(o.status()))
        .forEach(o -> o.items().forEach((sku, qty) -> units.merge(sku, (long) qty, Long::sum)));
    return units;
  }

  private void count(Invariant invariant) {
    checked.merge(invariant, 1, Integer::sum);
  }

  private void violation(Invariant invariant, String subject, String detail) {
    violations.add(new Violation(invariant.name(), subject, detail));
  }
}
