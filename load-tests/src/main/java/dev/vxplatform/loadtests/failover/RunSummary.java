package dev.vxplatform.loadtests.failover;

import dev.vxplatform.loadtests.failover.Accounting.KindStats;
import dev.vxplatform.loadtests.failover.Accounting.WindowStats;
import dev.vxplatform.loadtests.failover.Action.Kind;
import dev.vxplatform.loadtests.failover.FinalState.OrderView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a report shows, computed once from the history, the fault windows, the final state and the verdict.
 *
 * @param phasesMs      how long each phase took (cluster up, seed, load, drain, settle, read), in order
 * @param leftoverJvms  JVMs of this run still alive after the cluster was stopped (must be 0)
 * @param error         why the run could not complete, or null
 */
record RunSummary(String mode, String runName, long startedAtMs, Map<String, Long> phasesMs, int clients, int skus,
    int unitsPerSku, List<FaultWindow> faults, List<KindStats> kinds, List<WindowStats> windows, Checker.Verdict verdict,
    Map<String, Long> placements, Map<String, Long> finalStatuses, Map<String, Long> stock, long settleMs,
    int leftoverJvms, String error) {

  static RunSummary of(CheckOptions options, String runName, long startedAtMs, Map<String, Long> phasesMs,
      List<Op> ops, List<FaultWindow> faults, long loadStartMs, FinalState state,
      Checker.Verdict verdict, int leftoverJvms) {
    Map<String, Long> placements = new TreeMap<>();
    ops.stream().filter(op -> op.action() == Action.PLACE).forEach(op -> placements.merge(
        op.status() == 201 ? "201 confirmed" : op.status() == 409 ? "409 rejected" : "unanswered ("
            + Accounting.failureLabel(op) + ")", 1L, Long::sum));
    Map<String, Long> statuses = new TreeMap<>();
    state.ordersByCustomer().values().stream().flatMap(List::stream).map(OrderView::status)
        .forEach(s -> statuses.merge(s, 1L, Long::sum));
    Map<String, Long> stock = new TreeMap<>();
    state.audit().stream().filter(a -> state.skus().contains(a.sku())).forEach(a -> {
      stock.merge("supply", a.supply(), Long::sum);
      stock.merge("sold", a.sold(), Long::sum);
      stock.merge("reserved", a.reserved(), Long::sum);
      stock.merge("available", a.available(), Long::sum);
    });
    List<Op> workload = ops.stream().filter(op -> op.startMs() >= loadStartMs).toList();
    return new RunSummary(options.mode(), runName, startedAtMs, phasesMs, options.clients(), options.skus(),
        options.unitsPerSku(), faults, Accounting.byKind(workload, faults),
        Accounting.byWindow(workload, faults, loadStartMs),
        verdict, placements, statuses, stock, state.settleMs(), leftoverJvms, null);
  }

  /** A run that could not complete: it fails, with the reason. */
  static RunSummary failed(CheckOptions options, String runName, long startedAtMs, Map<String, Long> phasesMs,
      int leftoverJvms, String error) {
    return new RunSummary(options.mode(), runName, startedAtMs, phasesMs, options.clients(), options.skus(),
        options.unitsPerSku(), List.of(), List.of(), List.of(), null, Map.of(), Map.of(), Map.of(), 0, leftoverJvms, error);
  }

  long failed(Kind kind) {
    return kinds.stream().filter(k -> k.kind() == kind).mapToLong(KindStats::failed).sum();
  }

  /** Why the run fails; empty when it passes. */
  List<String> reasons() {
    List<String> reasons = new ArrayList<>();
    if (error != null) {
      reasons.add("the check could not complete: " + error);
    }
    if (verdict != null && !verdict.violations().isEmpty()) {
      reasons.add(verdict.violations().size() + " invariant violation(s)");
    }
    if (failed(Kind.GET) > 0) {
      reasons.add(failed(Kind.GET) + " failed GET(s)");
    }
    if (failed(Kind.KEYED_POST) > 0) {
      reasons.add(failed(Kind.KEYED_POST) + " failed keyed POST(s) after client retries");
    }
    if (leftoverJvms > 0) {
      reasons.add(leftoverJvms + " JVM(s) still running after the cluster was stopped");
    }
    return reasons;
  }

  boolean passed() {
    return reasons().isEmpty();
  }
}
