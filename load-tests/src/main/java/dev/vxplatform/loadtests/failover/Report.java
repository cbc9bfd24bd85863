package dev.vxplatform.loadtests.failover;

import dev.vxplatform.loadtests.failover.Accounting.KindStats;
import dev.vxplatform.loadtests.failover.Accounting.WindowStats;
import dev.vxplatform.loadtests.failover.Action.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report of a run: a console table, the same as Markdown, and everything as JSON. */
final class Report {

  private static final int SHOWN_VIOLATIONS = 50;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneId.systemDefault());

  private Report() {
  }

  static String text(RunSummary run) {
    StringBuilder out = new StringBuilder();
    out.append(headline(run)).append("\n\n");
    sections(run).forEach((title, table) -> out.append(title).append('\n').append(table.text()).append('\n'));
    violations(run, out, "");
    return out.toString();
  }

  static String markdown(RunSummary run) {
    StringBuilder out = new StringBuilder("# ").append(headline(run)).append("\n\n");
    sections(run).forEach((title, table) -> out.append("## ").append(title).append("\n\n").append(table.markdown())
        .append('\n'));
    violations(run, out, "- ");
    return out.toString();
  }

  static void write(RunSummary run, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.md"), markdown(run));
    Files.writeString(dir.resolve("report.json"), json(run).encodePrettily());
  }

  private static String headline(RunSummary run) {
    return "Availability check --" + run.mode() + " (" + run.runName() + ", " + TIME.format(Instant.ofEpochMilli(
        run.startedAtMs())) + "): " + (run.passed() ? "PASS" : "FAIL — " + String.join("; ", run.reasons()));
  }

  private static Map<String, Table> sections(RunSummary run) {
    Map<String, Table> sections = new LinkedHashMap<>();
    Table setup = new Table("what", "value")
        .row("JVMs", "1 gateway, 2 order-service, 3 inventory-service (infra/local-cluster.sh)")
        .row("workload", run.clients() + " clients through the gateway on 127.0.0.1; " + run.skus() + " skus × "
            + run.unitsPerSku() + " units plus small restocks, demand above supply");
    run.phasesMs().forEach((phase, ms) -> setup.row(phase, seconds(ms)));
    setup.row("settled (no PENDING) after load stop", seconds(run.settleMs()));
    setup.row("JVMs left after the run", run.leftoverJvms());
    sections.put("Run", setup);
    if (run.verdict() == null) {
      return sections;
    }
    Table kinds = new Table("kind", "requests", "answered", "failed", "failed in a total outage", "failed attempts",
        "retried by client", "p50 ms", "p99 ms", "max ms", "failures");
    for (KindStats k : run.kinds()) {
      kinds.row(label(k.kind()), k.requests(), k.answered(), k.failed(), k.failedInOutage(), k.failedAttempts(),
          k.retried(), k.p50Ms(), k.p99Ms(), k.maxMs(), k.failures().isEmpty() ? "-" : k.failures());
    }
    sections.put("Requests (a request counts once, after its client retries)", kinds);
    Table faults = new Table("#", "window", "back after s", "safe after s", "requests", "failed attempts",
        "failed GET", "failed keyed POST", "first success ms", "first order answer ms", "last failed attempt ms",
        "p99 ms", "refused as minority", "first refusal ms", "cut detected after s", "back after heal s");
    for (int i = 0; i < run.windows().size(); i++) {
      WindowStats w = run.windows().get(i);
      faults.row(i, w.label(), w.recoveryMs() < 0 ? "-" : seconds(w.recoveryMs()),
          w.safeMs() < 0 ? "-" : seconds(w.safeMs()), w.requests(), w.failedAttempts(),
          w.failedByKind().get(Kind.GET), w.failedByKind().get(Kind.KEYED_POST), dash(w.firstSuccessMs()),
          dash(w.firstOrderMs()), dash(w.lastFailureMs()), w.p99Ms(), w.refusedAsMinority(), dash(w.firstRefusalMs()),
          w.detectedMs() < 0 ? "-" : seconds(w.detectedMs()), w.sinceHealMs() < 0 ? "-" : seconds(w.sinceHealMs()));
    }
    sections.put("Fault windows (from a fault to the next; times relative to the fault)", faults);
    Table orders = new Table("orders", "count");
    run.placements().forEach((what, n) -> orders.row("placements answered " + what, n));
    run.finalStatuses().forEach((status, n) -> orders.row("final " + status, n));
    run.stock().forEach((what, n) -> orders.row("units " + what + " (run's skus)", n));
    sections.put("Orders and stock", orders);
    Table invariants = new Table("invariant", "checked", "violations");
    for (Invariant invariant : Invariant.values()) {
      invariants.row(invariant.text(), run.verdict().checked().getOrDefault(invariant, 0),
          run.verdict().count(invariant));
    }
    sections.put("Invariants", invariants);
    return sections;
  }

  private static void violations(RunSummary run, StringBuilder out, String bullet) {
    if (run.verdict() == null || run.verdict().violations().isEmpty()) {
      return;
    }
    List<Violation> all = run.verdict().violations();
    out.append(bullet.isEmpty() ? "" : "## ").append("Violations (").append(all.size()).append(")\n\n");
    all.stream().limit(SHOWN_VIOLATIONS).forEach(v -> out.append(bullet).append(v).append('\n'));
    if (all.size() > SHOWN_VIOLATIONS) {
      out.append(bullet).append("… ").append(all.size() - SHOWN_VIOLATIONS).append(" more in report.json\n");
    }
  }

  static JsonObject json(RunSummary run) {
    JsonObject json = new JsonObject().put("mode", run.mode()).put("run", run.runName())
        .put("startedAt", Instant.ofEpochMilli(run.startedAtMs()).toString()).put("passed", run.passed())
        .put("reasons", new JsonArray(run.reasons())).put("phasesMs", new JsonObject(new LinkedHashMap<>(
            run.phasesMs()))).put("settleMs", run.settleMs()).put("leftoverJvms", run.leftoverJvms())
        .put("clients", run.clients()).put("skus", run.skus()).put("unitsPerSku", run.unitsPerSku());
    if (run.error() != null) {
      json.put("error", run.error());
    }
    if (run.verdict() == null) {
      return json;
    }
    json.put("requests", new JsonArray(run.kinds().stream().map(k -> new JsonObject().put("kind", k.kind().name())
        .put("requests", k.requests()).put("answered", k.answered()).put("failed", k.failed())
        .put("failedInOutage", k.failedInOutage()).put("failedAttempts", k.failedAttempts()).put("retriedByClient", k.retried())
        .put("failures", new JsonObject(new LinkedHashMap<>(k.failures()))).put("p50Ms", k.p50Ms())
        .put("p99Ms", k.p99Ms()).put("maxMs", k.maxMs())).toList()));
    json.put("windows", new JsonArray(run.windows().stream().map(w -> new JsonObject().put("label", w.label())
        .put("from", w.fromMs()).put("to", w.toMs()).put("recoveryMs", w.recoveryMs()).put("clusterSafeMs", w.safeMs())
        .put("requests", w.requests())
        .put("failedAttempts", w.failedAttempts()).put("failedGets", w.failedByKind().get(Kind.GET))
        .put("failedKeyedPosts", w.failedByKind().get(Kind.KEYED_POST))
        .put("failedAdmin", w.failedByKind().get(Kind.ADMIN)).put("firstSuccessMs", w.firstSuccessMs())
        .put("firstOrderAnswerMs", w.firstOrderMs()).put("lastFailedAttemptMs", w.lastFailureMs())
        .put("refusedAsMinority", w.refusedAsMinority()).put("firstRefusalMs", w.firstRefusalMs())
        .put("cutDetectedMs", w.detectedMs()).put("backAfterHealMs", w.sinceHealMs())
        .put("p99Ms", w.p99Ms())).toList()));
    json.put("faults", new JsonArray(run.faults().stream().map(FaultWindow::toJson).toList()));
    json.put("placements", new JsonObject(new LinkedHashMap<>(run.placements())))
        .put("finalStatuses", new JsonObject(new LinkedHashMap<>(run.finalStatuses())))
        .put("stock", new JsonObject(new LinkedHashMap<>(run.stock())));
    JsonObject checked = new JsonObject();
    run.verdict().checked().forEach((invariant, n) -> checked.put(invariant.name(), n));
    return json.put("checked", checked).put("violations", new JsonArray(run.verdict().violations().stream()
        .map(Violation::toJson).toList()));
  }

  private static String label(Kind kind) {
    return switch (kind) {
      case GET -> "GET (gateway retries)";
      case KEYED_POST -> "POST with Idempotency-Key";
      case ADMIN -> "restock (not retried)";
    };
  }

  private static String seconds(long ms) {
    return String.format("%.1f", ms / 1000.0);
  }

  private static String dash(long ms) {
    return ms < 0 ? "-" : String.valueOf(ms);
  }
}
