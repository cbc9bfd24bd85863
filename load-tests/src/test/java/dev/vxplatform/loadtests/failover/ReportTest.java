package dev.vxplatform.loadtests.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.loadtests.failover.FinalState.OrderView;
import dev.vxplatform.loadtests.failover.FinalState.SkuAudit;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verdict and the numbers of a run reach the console, Markdown and JSON reports, and decide the exit. */
class ReportTest {

  private static final CheckOptions OPTIONS = CheckOptions.quick(Path.of("target/unused"));

  @Test
  void aCleanRunPasses() {
    RunSummary run = summary(List.of(place(200, 201), get(300, 200)), 0);

    assertThat(run.passed()).isTrue();
    assertThat(Report.text(run)).contains("PASS").contains("kill -9 inventory-1").contains("POST with Idempotency-Key");
    assertThat(Report.markdown(run)).startsWith("# Availability check --quick").contains("| kill -9 inventory-1 |");
    JsonObject json = Report.json(run);
    assertThat(json.getBoolean("passed")).isTrue();
    assertThat(json.getJsonArray("windows")).hasSize(2);
    assertThat(json.getJsonArray("faults").getJsonObject(0).getLong("clusterSafeMs")).isEqualTo(900);
  }

  @Test
  void aFailedGetOrALeftoverJvmFailsTheRunWithTheReason() {
    RunSummary failedGet = summary(List.of(place(200, 201), get(300, 504)), 0);
    RunSummary leftover = summary(List.of(place(200, 201)), 2);

    assertThat(failedGet.passed()).isFalse();
    assertThat(failedGet.reasons()).containsExactly("1 failed GET(s)");
    assertThat(Report.text(failedGet)).contains("FAIL — 1 failed GET(s)").contains("{504 GET_PRODUCT (?)=1}");
    assertThat(leftover.reasons()).containsExactly("2 JVM(s) still running after the cluster was stopped");
  }

  @Test
  void aRunThatCouldNotCompleteSaysWhy() {
    RunSummary run = RunSummary.failed(OPTIONS, "r", 0, Map.of("cluster up", 1000L), 0, "seeding failed");

    assertThat(run.passed()).isFalse();
    assertThat(Report.text(run)).contains("the check could not complete: seeding failed");
    assertThat(Report.json(run).getString("error")).isEqualTo("seeding failed");
  }

  private static RunSummary summary(List<Op> ops, int leftovers) {
    List<FaultWindow> faults = List.of(new FaultWindow(1, "kill -9", "inventory-1", 250, 700, true, 900, "back"));
    FinalState state = new FinalState(Map.of("c1", List.of(new OrderView("o1", "c1", Map.of("A", 1), "CONFIRMED"))),
        Map.of(), List.of(new SkuAudit("A", 0, 0, -1, 1, 0, true)), true, Set.of(), List.of(), 10);
    Checker.Verdict verdict = Checker.check(ops, faults, state);
    Map<String, Long> phases = new LinkedHashMap<>(Map.of("cluster up", 30_000L));
    return RunSummary.of(OPTIONS, "run", 0, phases, ops, faults, 100, state, verdict, leftovers);
  }

  private static Op place(long at, int status) {
    return new Op(at, 1, Action.PLACE, "k1", "c1", "o1", Map.of("A", 1), null, 0, at, at + 10,
        List.of(new Attempt(at, at + 10, status, null, "o1")), status, "CONFIRMED", -1);
  }

  private static Op get(long at, int status) {
    return new Op(at, 1, Action.GET_PRODUCT, null, null, null, Map.of(), "A", 0, at, at + 5,
        List.of(new Attempt(at, at + 5, status, null, null)), status, null, -1);
  }
}
