package dev.vxplatform.loadtests.failover;

import dev.vxplatform.loadtests.failover.Action.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Failed requests by kind and by fault window, and how fast each fault stopped hurting: pure arithmetic over the
 * history. A window runs from its fault to the next fault (the last one to the end of the run); a request or an
 * attempt belongs to the window in which its outcome was seen (its end), so a request sent just before a fault
 * and failed by it counts for that fault.
 */
final class Accounting {

  private Accounting() {
  }

  /**
   * @param failed         requests that failed (after their client's retries) outside a total outage
   * @param failedInOutage requests that failed while every instance of a service was down (see
   *                       {@link FaultWindow#outage}): nobody could answer them
   * @param failures       final failures by answer ({@code 503}, {@code no answer (timeout)}, ...), both kinds
   * @param retried        requests that needed more than one client attempt
   */
  record KindStats(Kind kind, long requests, long answered, long failed, long failedInOutage, long failedAttempts,
      long retried, Map<String, Long> failures, long p50Ms, long p99Ms, long maxMs) {
  }

  /**
   * @param firstSuccessMs after the fault, the first answered attempt (any request) — -1 when none
   * @param firstOrderMs   after the fault, the first order placement answered (201 or 409) — -1 when none
   * @param lastFailureMs  after the fault, the end of the last failed attempt in this window — -1 when none
   * @param refusedAsMinority attempts answered 503 {@code Cluster minority} in this window: writes a node refused
   *                       because its side of a split had no majority
   * @param firstRefusalMs after the fault, the end of the first such refusal — -1 when none: how long the side the
   *                       gateway reached took writes before it knew it was a minority (a refusal ends that window)
   * @param detectedMs     for a network cut, when the other side had dropped the cut-off nodes — -1 otherwise
   * @param sinceHealMs    for a network cut, from the heal until the cut-off nodes were back — -1 otherwise
   */
  record WindowStats(String label, long fromMs, long toMs, long requests, long failedAttempts,
      Map<Kind, Long> failedByKind, long firstSuccessMs, long firstOrderMs, long lastFailureMs, long p99Ms,
      long recoveryMs, long safeMs, long refusedAsMinority, long firstRefusalMs, long detectedMs, long sinceHealMs) {

    long failedRequests() {
      return failedByKind.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  static List<KindStats> byKind(List<Op> ops, List<FaultWindow> faults) {
    List<KindStats> stats = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      List<Op> mine = ops.stream().filter(op -> op.kind() == kind).toList();
      Map<String, Long> failures = new TreeMap<>();
      mine.stream().filter(op -> !op.ok()).forEach(op -> failures.merge(failureLabel(op), 1L, Long::sum));
      List<Long> latencies = latencies(mine);
      long inOutage = mine.stream().filter(op -> !op.ok() && inOutage(op, faults)).count();
      stats.add(new KindStats(kind, mine.size(), mine.stream().filter(Op::ok).count(),
          mine.stream().filter(op -> !op.ok()).count() - inOutage, inOutage,
          mine.stream().mapToLong(Op::failedAttempts).sum(),
          mine.stream().filter(op -> op.attempts().size() > 1).count(), failures, percentile(latencies, 50),
          percentile(latencies, 99), latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1)));
    }
    return stats;
  }

  /** The request failed for good while a total outage lasted (of a service, or of the database for a read). */
  static boolean inOutage(Op op, List<FaultWindow> faults) {
    return faults.stream().anyMatch(fault -> fault.outageCovers(op.endMs()) || fault.databaseAwayCovers(op));
  }

  static long failed(List<Op> ops, Kind kind) {
    return ops.stream().filter(op -> op.kind() == kind && !op.ok()).count();
  }

  /** The window before the first fault, then one window per fault; the last one runs to the end of the history. */
  static List<WindowStats> byWindow(List<Op> ops, List<FaultWindow> faults, long loadStartMs) {
    List<WindowStats> windows = new ArrayList<>();
    long firstFault = faults.isEmpty() ? Long.MAX_VALUE : faults.get(0).injectedMs();
    windows.add(window("before any fault", ops, loadStartMs, firstFault, null));
    for (int i = 0; i < faults.size(); i++) {
      FaultWindow fault = faults.get(i);
      long end = i + 1 < faults.size() ? faults.get(i + 1).injectedMs() : Long.MAX_VALUE;
      windows.add(window(fault.label(), ops, fault.injectedMs(), end, fault));
    }
    return windows;
  }

  /** @param fault what began the window; null for the one before any fault */
  private static WindowStats window(String label, List<Op> ops, long from, long to, FaultWindow fault) {
    List<Op> inside = ops.stream().filter(op -> op.endMs() >= from && op.endMs() < to).toList();
    Map<Kind, Long> failed = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      failed.put(kind, inside.stream().filter(op -> op.kind() == kind && !op.ok()).count());
    }
    List<Attempt> attempts = ops.stream().flatMap(op -> op.attempts().stream())
        .filter(a -> a.endMs() >= from && a.endMs() < to).toList();
    List<Attempt> orderAnswers = ops.stream().filter(op -> op.action() == Action.PLACE)
        .flatMap(op -> op.attempts().stream())
        .filter(a -> a.endMs() >= from && a.endMs() < to && Action.PLACE.answered(a.status())).toList();
    long firstSuccess = first(attempts, a -> !a.failed(), from);
    long firstOrder = first(orderAnswers, a -> true, from);
    long lastFailure = attempts.stream().filter(Attempt::failed).mapToLong(a -> a.endMs() - from).max().orElse(-1);
    List<Attempt> refusals = attempts.stream().filter(Attempt::refusedAsMinority).toList();
    return new WindowStats(label, from, to, inside.size(), attempts.stream().filter(Attempt::failed).count(),
        failed, firstSuccess, firstOrder, lastFailure, percentile(latencies(inside), 99),
        fault == null ? -1 : fault.recoveryMillis(), fault == null ? -1 : fault.safeMs(), refusals.size(),
        first(refusals, a -> true, from), fault == null ? -1 : fault.detectedMs(),
        fault == null ? -1 : fault.sinceHealMillis());
  }

  private static long first(List<Attempt> attempts, Predicate<Attempt> which, long from) {
    return attempts.stream().filter(which).mapToLong(a -> a.endMs() - from).min().orElse(-1);
  }

  /** The final status with the action and what the answer said, so a failed run's report names its cause. */
  static String failureLabel(Op op) {
    Attempt last = op.attempts().isEmpty() ? null : op.attempts().get(op.attempts().size() - 1);
    String said = last == null || last.error() == null ? "?" : last.error();
    if (op.status() != 0) {
      String label = op.status() + " " + op.action() + " (" + said + ")";
      return label.length() > 120 ? label.substring(0, 120) + "…)" : label;
    }
    return "no answer (" + said + ")";
  }

  private static List<Long> latencies(List<Op> ops) {
    List<Long> latencies = new ArrayList<>(ops.stream().filter(Op::ok).map(op -> op.endMs() - op.startMs()).toList());
    Collections.sort(latencies);
    return latencies;
  }

  static long percentile(List<Long> sorted, int percent) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
