package dev.vxplatform.loadtests.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.loadtests.failover.Accounting.WindowStats;
import dev.vxplatform.loadtests.failover.Action.Kind;
import dev.vxplatform.loadtests.failover.FinalState.OrderView;
import dev.vxplatform.loadtests.failover.FinalState.ReservationView;
import dev.vxplatform.loadtests.failover.FinalState.SkuAudit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker on hand-made histories and final states: it must flag each broken promise, and only those. */
class CheckerTest {

  /** A run with two skus of 10 units: o1 CONFIRMED (2 × A), o2 COMPLETED (1 × B), o3 REJECTED, o4 CANCELLED. */
  private final List<Op> ops = new ArrayList<>(List.of(
      restock(1, "A", 10), restock(2, "B", 10),
      place(10, "k1", "c1", "o1", Map.of("A", 2), 201),
      place(20, "k2", "c2", "o2", Map.of("B", 1), 201),
      place(30, "k3", "c3", "o3", Map.of("A", 50), 409),
      place(40, "k4", "c4", "o4", Map.of("B", 3), 201),
      action(50, Action.COMPLETE, "o2", 200, "COMPLETED"),
      action(60, Action.CANCEL, "o4", 200, "CANCELLED"),
      action(70, Action.GET_ORDER, "o1", 200, "CONFIRMED")));
  private final Map<String, List<OrderView>> orders = new HashMap<>(Map.of(
      "c1", List.of(order("o1", "c1", Map.of("A", 2), "CONFIRMED")),
      "c2", List.of(order("o2", "c2", Map.of("B", 1), "COMPLETED")),
      "c3", List.of(order("o3", "c3", Map.of("A", 50), "REJECTED")),
      "c4", List.of(order("o4", "c4", Map.of("B", 3), "CANCELLED"))));
  private final Map<String, SkuAudit> audit = new HashMap<>(Map.of(
      "A", new SkuAudit("A", 0, 10, 8, 2, 0, true),
      "B", new SkuAudit("B", 0, 10, 9, 0, 1, true)));
  private final Map<String, ReservationView> reservations = new HashMap<>(Map.of(
      "o1", reservation("o1", "RESERVED", "A", 2),
      "o2", reservation("o2", "COMMITTED", "B", 1),
      "o3", new ReservationView("o3", "NONE", Map.of()),
      "o4", reservation("o4", "RELEASED", "B", 3)));
  private final List<FaultWindow> faults = new ArrayList<>(
      List.of(new FaultWindow(1, "kill -9", "inventory-2", 45, 65, true, 30, "back after 20 ms")));

  @Test
  void failuresWhileEveryInstanceWasDownAreCountedApart() {
    faults.add(new FaultWindow(2, "kill -9 (all at once)", "order+inventory", 100, 160, true, 170, "back", true));
    ops.add(action(120, Action.GET_ORDER, "o1", 503, null)); // ends at 121, inside the outage
    ops.add(action(170, Action.GET_ORDER, "o1", 503, null)); // after the recovery

    List<Op> sorted = ops.stream().sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).toList();

    assertThat(Accounting.byKind(sorted, faults)).filteredOn(s -> s.kind() == Kind.GET).singleElement()
        .satisfies(s -> {
          assertThat(s.failed()).isEqualTo(1);
          assertThat(s.failedInOutage()).isEqualTo(1);
        });
  }

  @Test
  void aCutsWindowSaysWhenItWasDetectedAndHowLongTheNodesTookAfterTheHeal() {
    faults.add(new FaultWindow(2, "network cut 20 s", "inventory-2", 100, 130, true, 135, "back").withCut(5, 120));

    List<WindowStats> windows = Accounting.byWindow(List.of(), faults, 1);

    assertThat(windows.get(2).detectedMs()).isEqualTo(5);
    assertThat(windows.get(2).sinceHealMs()).isEqualTo(130 - 120);
    assertThat(windows.get(1).detectedMs()).as("not a cut").isEqualTo(-1);
    assertThat(windows.get(1).sinceHealMs()).isEqualTo(-1);
  }

  @Test
  void readsTheDatabaseCouldNotAnswerWhilePausedAreCountedApart() {
    faults.add(new FaultWindow(2, "kill -STOP 10 s", FaultWindow.DATABASE, 100, 160, true, 170, "back"));
    ops.add(listing(120, 503, "Database unavailable: the database of record did not answer in time")); // excused
    ops.add(listing(125, 500, "Internal error: the server failed to handle the request")); // a bug, in the window
    ops.add(listing(170, 503, "Database unavailable: the database of record did not answer in time")); // after it

    List<Op> sorted = ops.stream().sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).toList();

    assertThat(Accounting.byKind(sorted, faults)).filteredOn(s -> s.kind() == Kind.GET).singleElement()
        .satisfies(s -> {
          assertThat(s.failed()).isEqualTo(2);
          assertThat(s.failedInOutage()).isEqualTo(1);
        });
  }

  @Test
  void reportsAWriteAcknowledgedWhileTheGatewayReachedOnlyAMinority() {
    faults.add(new FaultWindow(2, "2 | 3 split, gateway with the 2", "inventory-3 order-2 gateway", 100, 200, true, 210,
        "back", false, 108, 130));
    ops.add(action(105, Action.CANCEL, "o4", 200, "CANCELLED")); // before the minority noticed: the known window
    ops.add(action(115, Action.CANCEL, "o4", 200, "CANCELLED"));

    Checker.Verdict verdict = check();

    assertThat(verdict.violations()).extracting(Violation::invariant, Violation::subject)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("NO_MINORITY_ACK", "o4"));
    assertThat(verdict.checked()).containsEntry(Invariant.NO_MINORITY_ACK, 1);
  }

  @Test
  void acceptsWritesTheMinorityRefused() {
    faults.add(new FaultWindow(2, "2 | 3 split, gateway with the 2", "inventory-3 order-2 gateway", 100, 200, true, 210,
        "back", false, 108, 130));
    ops.add(action(115, Action.CANCEL, "o4", 503, null));
    ops.add(action(120, Action.GET_ORDER, "o1", 200, "CONFIRMED"));

    Checker.Verdict verdict = check();

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.checked()).containsEntry(Invariant.NO_MINORITY_ACK, 1);
  }

  @Test
  void acceptsAConsistentRun() {
    Checker.Verdict verdict = check();

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.checked()).containsEntry(Invariant.ACKED_ORDER_EXISTS, 4)
        .containsEntry(Invariant.NOT_OVERSOLD, 2).containsEntry(Invariant.NODE_RECOVERED, 1);
  }

  @Test
  void reportsALostAcknowledgedOrder() {
    orders.put("c1", List.of());

    assertThat(check().violations()).extracting(Violation::invariant, Violation::subject)
        .contains(org.assertj.core.groups.Tuple.tuple("ACKED_ORDER_EXISTS", "o1"));
  }

  @Test
  void reportsAnOversoldSku() {
    audit.put("A", new SkuAudit("A", 0, 10, -1, 2, 9, true));

    Checker.Verdict verdict = check();

    assertThat(verdict.count(Invariant.NOT_OVERSOLD)).isEqualTo(1);
    assertThat(verdict.violations()).filteredOn(v -> v.invariant().equals("NOT_OVERSOLD"))
        .singleElement().satisfies(v -> assertThat(v.subject()).isEqualTo("A"));
  }

  @Test
  void reportsAnOversoldSkuEvenWhenNothingIsNegative() {
    audit.put("A", new SkuAudit("A", 0, 10, 0, 2, 9, true));

    assertThat(check().count(Invariant.NOT_OVERSOLD)).isEqualTo(1);
  }

  @Test
  void reportsTwoOrdersForOneKey() {
    orders.put("c1", List.of(order("o1", "c1", Map.of("A", 2), "CONFIRMED"),
        order("o1-bis", "c1", Map.of("A", 2), "REJECTED")));

    assertThat(check().violations()).extracting(Violation::invariant, Violation::subject)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ONE_ORDER_PER_KEY", "key k1"));
  }

  @Test
  void reportsAKeyWhoseAnswersNamedTwoOrders() {
    ops.add(new Op(99, 1, Action.PLACE, "k5", "c5", "o5", Map.of("A", 1), null, 0, 80, 90,
        List.of(new Attempt(80, 82, 503, null, "o5-first"), new Attempt(85, 90, 409, null, "o5")), 409,
        "REJECTED", -1));
    orders.put("c5", List.of(order("o5", "c5", Map.of("A", 1), "REJECTED")));
    reservations.put("o5", new ReservationView("o5", "NONE", Map.of()));

    assertThat(check().violations()).extracting(Violation::invariant).containsExactly("ONE_ORDER_PER_KEY");
  }

  @Test
  void reportsAPendingOrderAndUnitsHeldForIt() {
    orders.put("c1", List.of(order("o1", "c1", Map.of("A", 2), "PENDING")));

    assertThat(check().violations()).extracting(Violation::invariant)
        .containsExactlyInAnyOrder("NO_PENDING", "HOLDS_MATCH_ORDERS");
  }

  @Test
  void reportsALeakedReservationOfACancelledOrder() {
    reservations.put("o4", reservation("o4", "RESERVED", "B", 3));
    audit.put("B", new SkuAudit("B", 0, 10, 6, 3, 1, true));

    assertThat(check().violations()).extracting(Violation::invariant, Violation::subject).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("HOLDS_MATCH_ORDERS", "B"),
        org.assertj.core.groups.Tuple.tuple("HOLDS_MATCH_ORDERS", "o4"));
  }

  @Test
  void reportsAStatusTheClientCouldNotHaveCaused() {
    orders.put("c4", List.of(order("o4", "c4", Map.of("B", 3), "CONFIRMED")));
    reservations.put("o4", reservation("o4", "RESERVED", "B", 3));
    audit.put("B", new SkuAudit("B", 0, 10, 6, 3, 1, true));

    assertThat(check().violations()).extracting(Violation::invariant).containsExactly("STATUS_CONSISTENT");
  }

  @Test
  void allowsEitherOutcomeOfACancelThatGotNoAnswer() {
    ops.removeIf(op -> op.action() == Action.CANCEL);
    ops.add(action(60, Action.CANCEL, "o4", 0, null));

    assertThat(check().violations()).isEmpty();
  }

  @Test
  void reportsUnbalancedAuditLostRestockAndUnrecoveredNode() {
    audit.put("A", new SkuAudit("A", 0, 7, 5, 2, 0, true));
    audit.put("B", new SkuAudit("B", 0, 10, 9, 0, 0, false));
    faults.add(new FaultWindow(2, "kill -STOP 10 s", "order-2", 75, 0, false, -1, "not back after 120 s"));

    assertThat(check().violations()).extracting(Violation::invariant, Violation::subject).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("SUPPLY_MATCHES_RESTOCKS", "A"),
        org.assertj.core.groups.Tuple.tuple("AUDIT_CONSERVATION", "B"),
        org.assertj.core.groups.Tuple.tuple("HOLDS_MATCH_ORDERS", "B"),
        org.assertj.core.groups.Tuple.tuple("NODE_RECOVERED", "order-2"));
  }

  @Test
  void countsFailedRequestsByKindAndFaultWindow() {
    ops.add(action(46, Action.GET_ORDER, "o1", 502, null));
    ops.add(new Op(98, 2, Action.PLACE, "k6", "c6", null, Map.of("A", 1), null, 0, 47, 58,
        List.of(new Attempt(47, 50, 0, "timeout", null), new Attempt(52, 58, 504, "Gateway timeout: no answer", null)), 504, null, -1));
    ops.add(new Op(99, 3, Action.PLACE, "k7", "c7", null, Map.of("A", 1), null, 0, 48, 60,
        List.of(new Attempt(48, 49, 503, "Cluster minority: this node's side of the cluster has fewer data members", null),
            new Attempt(55, 60, 201, null, "o7")), 201, null, -1));

    List<Op> sorted = ops.stream().sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).toList();
    List<WindowStats> windows = Accounting.byWindow(sorted, faults, 1);

    assertThat(Accounting.failed(sorted, Kind.GET)).isEqualTo(1);
    assertThat(Accounting.failed(sorted, Kind.KEYED_POST)).isEqualTo(1);
    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).failedRequests()).isZero();
    WindowStats kill = windows.get(1);
    assertThat(kill.failedByKind()).containsEntry(Kind.GET, 1L).containsEntry(Kind.KEYED_POST, 1L);
    assertThat(kill.failedAttempts()).isEqualTo(4);
    assertThat(kill.refusedAsMinority()).isEqualTo(1);
    assertThat(kill.firstRefusalMs()).isEqualTo(49 - 45);
    assertThat(kill.lastFailureMs()).isEqualTo(58 - 45);
    assertThat(kill.firstSuccessMs()).isEqualTo(51 - 45);
    assertThat(kill.recoveryMs()).isEqualTo(20);
    assertThat(Accounting.byKind(sorted, faults)).filteredOn(s -> s.kind() == Kind.KEYED_POST).singleElement()
        .satisfies(s -> assertThat(s.failures()).containsEntry("504 PLACE (Gateway timeout: no answer)", 1L));
  }

  @Test
  void reportsACustomerThatCouldNotBeReadAsUnreadableNotAsALostOrder() {
    orders.remove("c1");

    assertThat(check(List.of("orders of customer c1")).violations()).extracting(Violation::invariant)
        .containsExactly("STATE_READABLE");
  }

  private Checker.Verdict check() {
    return check(List.of());
  }

  private Checker.Verdict check(List<String> unreadable) {
    List<Op> sorted = ops.stream().sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).toList();
    return Checker.check(sorted, faults, new FinalState(orders, reservations, List.copyOf(audit.values()), true,
        Set.of("A", "B"), unreadable, 1000));
  }

  private static Op place(long at, String key, String customer, String orderId, Map<String, Integer> items,
      int status) {
    return new Op(at, 1, Action.PLACE, key, customer, orderId, items, null, 0, at, at + 1,
        List.of(new Attempt(at, at + 1, status, null, orderId)), status, status == 201 ? "CONFIRMED" : "REJECTED", -1);
  }

  private static Op action(long at, Action action, String orderId, int status, String orderStatus) {
    return new Op(at, 1, action, action == Action.GET_ORDER ? null : "x" + at, null, orderId, Map.of(), null, 0, at,
        at + 1, List.of(new Attempt(at, at + 1, status, status == 0 ? "timeout" : null, null)), status, orderStatus,
        -1);
  }

  private static Op listing(long at, int status, String error) {
    return new Op(at, 1, Action.LIST_ORDERS, null, "c1", null, Map.of(), null, 0, at, at + 1,
        List.of(new Attempt(at, at + 1, status, error, null)), status, null, -1);
  }

  private static Op restock(long at, String sku, int qty) {
    return new Op(at, 0, Action.RESTOCK, null, null, null, Map.of(), sku, qty, at, at + 1,
        List.of(new Attempt(at, at + 1, 200, null, null)), 200, null, -1);
  }

  private static OrderView order(String id, String customer, Map<String, Integer> items, String status) {
    return new OrderView(id, customer, items, status);
  }

  private static ReservationView reservation(String orderId, String state, String sku, int qty) {
    return new ReservationView(orderId, state, Map.of(sku, new ReservationView.Line(qty, state)));
  }
}
